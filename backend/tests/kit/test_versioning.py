"""ETag / If-Match helpers (kit/versioning.py): parsing the header and checking the version."""

from __future__ import annotations

import pytest
from fastapi import Request, Response

from heron.kit.errors import PreconditionFailed, PreconditionRequired, ValidationFailed
from heron.kit.versioning import check_version, etag, if_match, set_etag


def request_with(*headers: tuple[str, str]) -> Request:
    raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
    return Request({"type": "http", "method": "PATCH", "path": "/", "headers": raw})


class TestIfMatch:
    @pytest.mark.parametrize(
        ("header", "version"),
        [('"3"', 3), ('W/"3"', 3), (' "17" ', 17), ('"0"', 0), ('"999999999999"', 999999999999)],
    )
    def test_a_quoted_version_is_read(self, header: str, version: int) -> None:
        assert if_match(request_with(("If-Match", header))) == version

    def test_no_header_is_none(self) -> None:
        assert if_match(request_with()) is None

    @pytest.mark.parametrize(
        "header",
        ["3", '"abc"', '"3", "4"', "*", '"-1"', '"1.5"', 'w/"3"', '"3', '""', '"1234567890123"'],
    )
    def test_anything_else_is_422_on_the_header(self, header: str) -> None:
        with pytest.raises(ValidationFailed) as caught:
            if_match(request_with(("If-Match", header)))

        assert caught.value.status_code == 422
        assert caught.value.details[0]["loc"] == ["header", "If-Match"]


class TestCheckVersion:
    def test_the_current_version_passes(self) -> None:
        check_version(4, 4)

    def test_a_stale_version_is_412_with_the_current_record(self) -> None:
        with pytest.raises(PreconditionFailed) as caught:
            check_version(5, 4, current_record={"id": "x", "version": 5})

        assert caught.value.status_code == 412
        [detail] = caught.value.details
        assert detail["loc"] == ["header", "If-Match"] and detail["type"] == "stale_version"
        assert detail["current"] == {"id": "x", "version": 5}

    def test_a_missing_version_is_428_when_required(self) -> None:
        with pytest.raises(PreconditionRequired) as caught:
            check_version(1, None)

        assert caught.value.status_code == 428

    def test_a_missing_version_passes_where_last_writer_wins(self) -> None:
        check_version(1, None, required=False)

    def test_a_stale_version_is_refused_even_where_not_required(self) -> None:
        with pytest.raises(PreconditionFailed):
            check_version(2, 1, required=False)


class TestETag:
    def test_the_etag_is_the_quoted_version_and_reads_back(self) -> None:
        response = Response()

        set_etag(response, 7)

        assert response.headers["etag"] == etag(7) == '"7"'
        assert if_match(request_with(("If-Match", response.headers["etag"]))) == 7
