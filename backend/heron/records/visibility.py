"""Own / team / all, inside the query: what a role may see or change of a record kind.

"Own" records are those whose owner (for activities: owner or assignee) is the caller's person
(the user, or the member who made the API key); "team" adds the people of the teams that person
manages. A record outside the scope is not found (404), never refused (403), when reading; a
change to a visible record outside the write scope is 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, false, or_

from heron.kit.errors import PermissionDenied
from heron.kit.subject import Subject
from heron.roles.matrix import Scope


def people_in_scope(subject: Subject, scope: Scope) -> frozenset[uuid.UUID] | None:
    """The owners whose records ``scope`` reaches; None means everyone's."""
    if scope is Scope.all:
        return None
    person = subject.person_id
    if scope is Scope.none or person is None:
        return frozenset()
    if scope is Scope.team:
        return subject.team_user_ids | {person}
    return frozenset({person})


def owner_columns(model: Any) -> list[Any]:
    names = getattr(model, "visibility_columns", ("owner_id",))
    return [getattr(model, name) for name in names]


def visible_clause(model: Any, subject: Subject, scope: Scope) -> ColumnElement[bool] | None:
    """The WHERE clause for ``scope`` on ``model``; None when the scope is the whole org."""
    people = people_in_scope(subject, scope)
    if people is None:
        return None
    if not people:
        return false()
    return or_(*(column.in_(people) for column in owner_columns(model)))


def within_scope(row: Any, subject: Subject, scope: Scope) -> bool:
    people = people_in_scope(subject, scope)
    if people is None:
        return True
    names = getattr(type(row), "visibility_columns", ("owner_id",))
    return any(getattr(row, name) in people for name in names)


def assert_within_scope(row: Any, subject: Subject, scope: Scope, what: str) -> None:
    """403 unless ``row`` is within the caller's write scope."""
    if within_scope(row, subject, scope):
        return
    whose = "your team's" if scope is Scope.team else "your own"
    raise PermissionDenied(f"Your role may change only {whose} {what}.")


def assert_may_assign(owner_id: uuid.UUID | None, subject: Subject, scope: Scope) -> None:
    """403 when giving a record to someone outside the caller's write scope (a Sales person
    cannot hand a lead to a colleague and so lose sight of it by accident of role)."""
    people = people_in_scope(subject, scope)
    if people is None or owner_id in people:
        return
    raise PermissionDenied(
        "Your role may assign records only to yourself"
        + (" or your team." if scope is Scope.team else ".")
    )
