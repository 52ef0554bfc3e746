"""The results store of a sweep: one folder, Parquet files, DuckDB views.

Layout of ``DIR``::

    sweep.yaml               the sweep file, as given
    study.json               OpenDome version, seed, trials, fingerprint, axes and their units
    base.yaml                the base scenario (mapping) the axes vary
    axes.parquet             every planned point: point, one column per axis path, seed
    scenarios/point-NNNNN.yaml   the resolved scenario of each point
    points/point-NNNNN.parquet   the metrics of each completed point (one row)

Every file is written to a temporary name and renamed, so a sweep killed at any moment leaves
only whole files, and the next run computes only the points whose file is missing. A folder
holding another sweep (another fingerprint: sweep file or base scenario changed) is refused
unless ``force`` starts it afresh.

DuckDB views (:func:`connect`): ``axes``, ``metrics`` and ``points`` (axes joined with the
metrics of completed points, by ``point``). An axis column is named by its path as written;
a quantity axis holds numbers in the unit of its first value (``study.json`` and the Parquet
metadata say which).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

import opendome
from opendome.sweep.spec import UNCERTAINTY_COLUMNS, Study

POINT_FILE = "point-{:05d}.parquet"


class StoreError(ValueError):
    """The results folder cannot be used as asked; the message says why and what to do."""


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _atomic_write_table(path: Path, table: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


class Store:
    """A sweep's results folder."""

    def __init__(self, root: Path, study: Study | None = None) -> None:
        self.root = Path(root)
        self.study = study

    @property
    def points_dir(self) -> Path:
        """Folder of the per-point metric files."""
        return self.root / "points"

    @classmethod
    def open(cls, root: Path, study: Study, force: bool = False) -> Store:
        """Open (or create) the folder for ``study``; raise StoreError if it holds another."""
        root = Path(root)
        meta = root / "study.json"
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file; give a folder")
        if meta.is_file() and not force:
            try:
                old = json.loads(meta.read_text())
            except (OSError, ValueError):
                old = {}
            if old.get("fingerprint") != study.fingerprint:
                raise StoreError(
                    f"{root} holds results of a different sweep (the sweep file or its base "
                    "scenario changed); give another --out folder, or --force to discard them "
                    "and start afresh")
        elif root.is_dir() and any(root.iterdir()) and not meta.is_file() and not force:
            raise StoreError(f"{root} exists and is not a sweep folder; give another --out "
                             "folder, or --force to use it anyway")
        store = cls(root, study)
        if force:
            for sub in ("points", "scenarios"):
                shutil.rmtree(root / sub, ignore_errors=True)
            for name in ("axes.parquet", "study.json", "sweep.yaml", "base.yaml"):
                (root / name).unlink(missing_ok=True)
        store._write_plan()
        return store

    def _write_plan(self) -> None:
        study = self.study
        assert study is not None
        self.points_dir.mkdir(parents=True, exist_ok=True)
        (self.root / "scenarios").mkdir(exist_ok=True)
        for tmp in self.root.rglob(".*.tmp-*"):
            tmp.unlink(missing_ok=True)
        if (self.root / "study.json").is_file():
            return
        _atomic_write_bytes(self.root / "sweep.yaml", study.text.encode())
        _atomic_write_bytes(self.root / "base.yaml",
                            yaml.safe_dump(study.base, sort_keys=False).encode())
        for p in study.points:
            path = self.root / "scenarios" / f"point-{p.index:05d}.yaml"
            header = "".join(f"# {k} = {v!r}\n" for k, v in p.settings.items())
            body = yaml.safe_dump(p.variant.mapping, sort_keys=False)
            _atomic_write_bytes(path, (header + body).encode())
        columns: dict[str, list[Any]] = {"point": [p.index for p in study.points]}
        for axis in study.axes:
            columns[axis.path] = [axis.number(p.settings[axis.path]) for p in study.points]
        columns["seed"] = [p.seed for p in study.points]
        units = {a.path: a.unit for a in study.axes}
        table = pa.table(columns).replace_schema_metadata(
            {"opendome.units": json.dumps(units)})
        _atomic_write_table(self.root / "axes.parquet", table)
        info = {
            "opendome_version": opendome.__version__,
            "name": study.spec.name,
            "base": study.base_source,
            "seed": study.spec.seed,
            "trials": study.spec.trials,
            "common_random_numbers": study.spec.common_random_numbers,
            "points": len(study.points),
            "axes": [{"path": a.path, "unit": a.unit, "values": a.written} for a in study.axes],
            "fingerprint": study.fingerprint,
        }
        # study.json last: its presence marks a complete plan.
        _atomic_write_bytes(self.root / "study.json", (json.dumps(info, indent=2) + "\n").encode())

    def done(self) -> set[int]:
        """Return the indices of the points whose results are stored."""
        out = set()
        for p in self.points_dir.glob("point-*.parquet"):
            try:
                out.add(int(p.stem.removeprefix("point-")))
            except ValueError:
                continue
        return out

    def write_point(self, index: int, metrics: dict[str, Any], meta: dict[str, Any]) -> Path:
        """Write one point's metrics (one row) atomically; ``meta`` goes into the file metadata.

        Metadata (timing, worker) is kept out of the columns, so every column is a function of
        the sweep file alone.
        """
        row = {"point": index, **metrics}
        # a column that is null here (a metric that does not apply to this point, such as the
        # outer loop's at a point without distributions) gets its type, not Parquet's null type
        schema = pa.schema([(k, pa.type_for_alias(UNCERTAINTY_COLUMNS.get(k, "double")) if v is None
                             else pa.array([v]).type) for k, v in row.items()])
        table = pa.Table.from_pylist([row], schema=schema).replace_schema_metadata(
            {"opendome.meta": json.dumps(meta), "opendome.version": opendome.__version__})
        path = self.points_dir / POINT_FILE.format(index)
        _atomic_write_table(path, table)
        return path


def read_info(root: Path) -> dict[str, Any]:
    """Return ``study.json`` of a results folder; raise StoreError if it is not one."""
    meta = Path(root) / "study.json"
    if not meta.is_file():
        raise StoreError(f"{root} is not a sweep folder (no study.json); run "
                         "`opendome sweep SPEC --out DIR` first")
    info: dict[str, Any] = json.loads(meta.read_text())
    return info


def connect(root: Path) -> Any:
    """Return an in-memory DuckDB connection with the views ``axes``, ``metrics``, ``points``."""
    import duckdb

    root = Path(root)
    read_info(root)
    con = duckdb.connect(":memory:")

    def lit(p: Path) -> str:
        return "'" + str(p).replace("'", "''") + "'"

    con.execute(f"CREATE VIEW axes AS SELECT * FROM read_parquet({lit(root / 'axes.parquet')})")
    if any((root / "points").glob("point-*.parquet")):
        pattern = lit(root / "points" / "point-*.parquet")
        con.execute(f"CREATE VIEW metrics AS SELECT * FROM read_parquet({pattern}, "
                    "union_by_name = true)")
    else:
        con.execute("CREATE VIEW metrics AS SELECT CAST(NULL AS BIGINT) AS point WHERE false")
    con.execute("CREATE VIEW points AS SELECT a.*, m.* EXCLUDE (point) FROM axes a "
                "JOIN metrics m USING (point) ORDER BY point")
    return con


def query(root: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run SQL on a results folder; return column names and rows (DuckDB errors propagate)."""
    con = connect(root)
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        names = [d[0] for d in cur.description]
        return names, cur.fetchall()
    finally:
        con.close()


def axis_units(root: Path) -> dict[str, str | None]:
    """Return the unit of each axis path of a results folder (None: a plain number or text)."""
    return {a["path"]: a.get("unit") for a in read_info(root)["axes"]}
