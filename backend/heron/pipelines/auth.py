"""Who may see and change pipelines and stages: everyone reads, Owners and Admins change."""

from __future__ import annotations

from heron.auth.access import Authorize
from heron.roles.matrix import Action

PipelineRead = Authorize("pipeline", Action.read)
PipelineCreator = Authorize("pipeline", Action.create)
# Stages are part of their pipeline: adding, changing or reordering them changes it.
PipelineEdit = Authorize("pipeline", Action.update)
PipelineRemove = Authorize("pipeline", Action.delete)
