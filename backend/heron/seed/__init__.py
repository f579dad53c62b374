"""Accounts made from the command line: demo data (`heron seed`) and `heron create-user`."""
