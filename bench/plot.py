"""Draw the scaling curves of `bench/compare.py` results as PNG files.

    python bench/plot.py bench/results/*.json --out bench/figures

Two figures per engine: p50 against the number of tracks (lists, search, GraphQL) and p50 of
the statistics against the number of plays on the hot track, each with MuseWave beside the
raw-SQL floor, one line style per label (before, after).
"""

import argparse
import json
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt

TRACK_SCENARIOS = (
    "list_50_newest",
    "graphql_50_with_owner_album",
    "search_word",
    "search_two_words",
    "search_prefix",
)
STATS_SCENARIOS = ("track_stats", "user_stats")
STYLES = {"before": "--", "after": "-"}


def load(paths: list[Path]) -> dict[str, list[dict]]:
    by_engine: dict[str, list[dict]] = defaultdict(list)
    for path in paths:
        result = json.loads(path.read_text())
        by_engine[result["engine"]].append(result)
    return by_engine


def by_tracks(results: list[dict], out: Path, engine: str) -> Path:
    figure, axes = plt.subplots(1, len(TRACK_SCENARIOS), figsize=(4 * len(TRACK_SCENARIOS), 3.6))
    for axis, scenario in zip(axes, TRACK_SCENARIOS, strict=True):
        for label in sorted({r["label"] for r in results}):
            rows = sorted((r for r in results if r["label"] == label), key=lambda r: r["tracks"])
            sizes = [r["tracks"] for r in rows if scenario in r["scenarios"]]
            points = [r["scenarios"][scenario] for r in rows if scenario in r["scenarios"]]
            style = STYLES.get(label, ":")
            axis.plot(sizes, [p["musewave"]["p50"] for p in points], style, marker="o",
                      color="tab:blue", label=f"MuseWave ({label})")  # fmt: skip
            if all("floor" in p for p in points) and points:
                axis.plot(sizes, [p["floor"]["p50"] for p in points], style, marker="s",
                          color="tab:gray", label=f"raw SQL floor ({label})")  # fmt: skip
        axis.set_title(scenario.replace("_", " "))
        axis.set_xlabel("tracks")
        axis.set_ylabel("p50 ms")
        axis.set_ylim(bottom=0)
        axis.grid(alpha=0.3)
    axes[0].legend(fontsize="small")
    figure.suptitle(f"p50 against catalogue size ({engine})")
    figure.tight_layout()
    path = out / f"tracks-{engine}.png"
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def by_plays(results: list[dict], out: Path, engine: str) -> Path:
    figure, axes = plt.subplots(1, len(STATS_SCENARIOS), figsize=(5 * len(STATS_SCENARIOS), 3.6))
    for axis, scenario in zip(axes, STATS_SCENARIOS, strict=True):
        for result in sorted(results, key=lambda r: (r["label"], r["tracks"])):
            steps = result["stats_by_plays"]
            if not steps:
                continue
            label = f"{result['label']}, {result['tracks']:,} tracks"
            style = STYLES.get(result["label"], ":")
            plays = [s["plays"] for s in steps]
            axis.plot(plays, [s[scenario]["musewave"]["p50"] for s in steps], style, marker="o",
                      label=f"MuseWave ({label})")  # fmt: skip
            axis.plot(plays, [s[scenario]["floor"]["p50"] for s in steps], style, marker="s",
                      color="tab:gray", label=f"floor ({label})")  # fmt: skip
        axis.set_title(scenario.replace("_", " "))
        axis.set_xlabel("plays of the hot track")
        axis.set_ylabel("p50 ms")
        axis.set_ylim(bottom=0)
        axis.grid(alpha=0.3)
    axes[0].legend(fontsize="x-small")
    figure.suptitle(f"Statistics p50 against plays ({engine}, cache off)")
    figure.tight_layout()
    path = out / f"plays-{engine}.png"
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def table(results: list[dict]) -> str:
    """The p50 figures as a Markdown table: one row a scenario, one column a run."""
    runs = sorted(results, key=lambda r: (r["engine"], r["tracks"], r["label"] != "before"))
    head = [f"{r['label']}, {r['engine']}, {r['tracks']:,} tracks" for r in runs]
    lines = ["| p50 ms (ratio to the floor) | " + " | ".join(head) + " |"]
    lines.append("|---|" + "---:|" * len(runs))

    def cell(result: dict | None) -> str:
        if result is None:
            return "—"
        text = f"{result['musewave']['p50']:.1f}"
        if "ratio_p50" in result:
            text += f" ({result['ratio_p50']:.1f}×)"
        return text

    names = list(dict.fromkeys(name for r in runs for name in r["scenarios"]))
    for name in names:
        lines.append(
            f"| {name} | " + " | ".join(cell(r["scenarios"].get(name)) for r in runs) + " |"
        )
    for scenario in STATS_SCENARIOS:
        steps = sorted({s["plays"] for r in runs for s in r["stats_by_plays"]})
        for plays in steps:
            cells = []
            for r in runs:
                step = next((s for s in r["stats_by_plays"] if s["plays"] == plays), None)
                cells.append(cell(step[scenario] if step else None))
            lines.append(f"| {scenario} at {plays:,} plays | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "figures")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for engine, results in load(args.results).items():
        print(by_tracks(results, args.out, engine))
        print(by_plays(results, args.out, engine))
        print(table(results))


if __name__ == "__main__":
    main()
