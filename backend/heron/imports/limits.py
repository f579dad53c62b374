"""What an import file may hold, and the clear refusal when it holds more (or is not a table).

The limits come from the settings (``HERON_IMPORT_*``); a file that breaks one is refused with
a sentence saying which limit and where, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

# Excel's own limit on a cell: anything longer did not come from a spreadsheet.
EXCEL_CELL_CHARS = 32_767


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 200
    max_cell_chars: int = EXCEL_CELL_CHARS
    # XLSX: what the archive may unpack to in all, and how much one member may grow.
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: int = 200


class FileRefused(ValueError):
    """The file as a whole cannot be imported; ``reason`` is a full sentence for the user and
    ``code`` a stable machine word (``empty_file``, ``binary_file``, ``too_many_rows``, ...)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
