"""Live updates pushed to browsers: a fan-out of small messages, per organization."""
