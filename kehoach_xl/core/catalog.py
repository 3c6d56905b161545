"""The program's catalog: projects, sub-projects and funding sources of a phase.

Shipped as data (`data/catalog-<phase>.json`); a new phase is a new file.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Catalog:
    phase: str
    program: str
    decision: str
    poverty_standard: str
    usual_rate_drop: tuple[float, float]
    names: dict[str, str]
    subprojects: dict[str, tuple[str, ...]]
    sources: tuple[str, ...]

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The rows of "Danh mục": phase, code, kind, name."""
        rows = []
        for code, name in self.names.items():
            kind = "Tiểu dự án" if "." in code else "Dự án"
            rows.append((self.phase, code, kind, name))
        rows += [(self.phase, "", "Nguồn kinh phí", source) for source in self.sources]
        return rows


def title(code: str) -> str:
    """ "DA2" -> "Dự án 2", "DA3.1" -> "Tiểu dự án 1, Dự án 3"."""
    project, _, sub = code.removeprefix("DA").partition(".")
    return f"Tiểu dự án {sub}, Dự án {project}" if sub else f"Dự án {project}"


@cache
def phases() -> tuple[str, ...]:
    """The phases shipped, oldest first; listed once, since every plan checked asks."""
    files = resources.files("kehoach_xl").joinpath("data").iterdir()
    return tuple(sorted(f.name[len("catalog-"):-len(".json")] for f in files
                        if f.name.startswith("catalog-")))


def for_phase(phase: str) -> Catalog:
    """The catalog of `phase`, or the newest one if the phase is unknown."""
    known = phases()
    return load(phase if phase in known else known[-1])


@cache
def load(phase: str) -> Catalog:
    text = resources.files("kehoach_xl").joinpath(f"data/catalog-{phase}.json").read_text("utf-8")
    data = json.loads(text)
    names: dict[str, str] = {}
    subprojects: dict[str, tuple[str, ...]] = {}
    for project in data["projects"]:
        names[project["code"]] = project["name"]
        subprojects[project["code"]] = tuple(s["code"] for s in project["subprojects"])
        names.update((s["code"], s["name"]) for s in project["subprojects"])
    return Catalog(
        phase=data["phase"], program=data["program"], decision=data["decision"],
        poverty_standard=data["poverty_standard"],
        usual_rate_drop=tuple(data["usual_yearly_rate_drop"]),
        names=names, subprojects=subprojects, sources=tuple(data["sources"]),
    )
