"""Look-up commands: referral contacts, guides, the glossary, identifier checks, settings."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from thinkfamily.errors import ExitCode, ThinkFamilyError

from .app import app, print_json, show_lines, ui
from .terminal import clean

if TYPE_CHECKING:
    from thinkfamily.catalog import LoadedArea
    from thinkfamily.models.contacts import Contact, NotFound
    from thinkfamily.paths import Paths


class Audience(StrEnum):
    children = "children"
    adults = "adults"


@app.command("contacts")
def contacts_cmd(
    area: Annotated[
        str | None,
        typer.Argument(help="Area name, alias or the start of one; default: your config's area."),
    ] = None,
    audience: Annotated[
        Audience | None, typer.Option("--for", help="Only contacts for children or for adults.")
    ] = None,
    need: Annotated[
        str | None,
        typer.Option("--need", help="Only contacts for one need, e.g. mental-health."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    sources: Annotated[
        bool, typer.Option("--sources", help="Show the full web address of each source.")
    ] = False,
) -> None:
    """Who to ring: referral contacts for an area, with where each number came from.

    Example: thinkfamily contacts hackney --for adults
    """
    from thinkfamily import contacts as lookup
    from thinkfamily.catalog import find_area, load_areas
    from thinkfamily.paths import user_paths
    from thinkfamily.render.text import area_lines

    paths = user_paths()
    areas, problems = load_areas(paths)
    for problem in problems:
        ui.warn(problem)
    topic = lookup.check_topic(need) if need else None
    typed = area or _default_area(paths)
    if not typed:
        _list_areas(areas, as_json=as_json)
        return
    item = find_area(areas, typed)
    chosen = [
        c
        for c in item.area.contacts
        if lookup.matches(c, audience.value if audience else None, topic)
    ]
    missing = [
        n
        for n in item.area.not_found
        if lookup.matches(n, audience.value if audience else None, topic)
    ]
    if as_json:
        print_json(_area_json(item, chosen, missing))
        return
    show_lines(area_lines(lookup.area_contacts(item, chosen, missing), with_url=sources))


def _list_areas(areas: "list[LoadedArea]", *, as_json: bool) -> None:

    if as_json:
        print_json([_area_json(a, None) for a in areas])
        return
    ui.table(
        ["area", "also matches", "contacts", "file"],
        [
            [
                a.area.name,
                ", ".join(a.area.aliases),
                str(len(a.area.contacts)),
                f"local: {a.path}" if a.local else "shipped",
            ]
            for a in areas
        ],
    )
    ui.note("Look one up with: thinkfamily contacts AREA")


def _area_json(
    item: "LoadedArea", chosen: "list[Contact] | None", missing: "list[NotFound] | None" = None
) -> dict[str, object]:
    from thinkfamily.structure import dump

    data: dict[str, object] = dump(item.area)
    if chosen is not None:
        data["contacts"] = dump(chosen)
        data["not_found"] = dump(missing or [])
    else:
        data.pop("contacts")
        data["contact_count"] = len(item.area.contacts)
    data["file"] = str(item.path)
    data["local"] = item.local
    return data


@app.command("guide")
def guide_cmd(
    topic: Annotated[
        str | None, typer.Argument(help="A topic, or the start of one; none lists them.")
    ] = None,
    sources: Annotated[
        bool,
        typer.Option("--sources", help="Show, after each paragraph, the source words behind it."),
    ] = False,
) -> None:
    """Short guides to what the guidance asks, each citing its source.

    Example: thinkfamily guide mental-capacity-act --sources
    """
    from thinkfamily.catalog import find_guide, load_guides
    from thinkfamily.paths import user_paths

    guides = load_guides(user_paths())
    if topic is None:
        ui.table(["topic", "guide"], [[g.id, g.title] for g in guides])
        ui.note("Read one with: thinkfamily guide TOPIC")
        return
    guide = find_guide(guides, topic)
    if sources:
        from thinkfamily.render.text import guide_support_lines

        show_lines(guide_support_lines(guide))
        return
    cited = [f"- {s.document}, {s.section}" for s in guide.sources]
    if ui.rich_output:
        from rich.markdown import Markdown

        ui.styled(guide.title, "heading")
        ui.rich(Markdown(guide.body))
    else:
        ui.line(clean(guide.title))
        ui.line()
        body = guide.body.rstrip()
        if ui.plain:  # emphasis marks mean nothing read aloud
            body = body.replace("**", "").replace("`", "").replace("*", "")
        ui.line(clean(body))
    ui.line()
    ui.line("Sources:")
    for line in cited:
        ui.line(clean(line))
    ui.line(clean(f"The words of the sources behind it: thinkfamily guide {guide.id} --sources"))


@app.command("glossary")
def glossary_cmd(
    term: Annotated[
        str | None, typer.Argument(help="A term or acronym; none lists them all.")
    ] = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="Show the source words behind each meaning.")
    ] = False,
) -> None:
    """What the terms and acronyms of the guidance mean, in children's and adults' words.

    Example: thinkfamily glossary MASH
    """
    from thinkfamily.catalog import find_term, load_glossary
    from thinkfamily.paths import user_paths
    from thinkfamily.render.text import glossary_lines

    terms = load_glossary(user_paths())
    chosen = terms if term is None else [find_term(terms, term)]
    show_lines(glossary_lines(chosen, sources=sources))


@app.command("check-text")
def check_text_cmd(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A text file, or - for standard input.")
    ],
    watch: Annotated[
        list[str] | None, typer.Option("--watch", help="A name to look for as well; repeat.")
    ] = None,
) -> None:
    """Look for personal identifiers in a text: NHS and NI numbers, postcodes, dates of birth,
    phone numbers, email addresses and watched names. Exit 3 if any are found.

    Example: thinkfamily check-text notes.txt --watch Smith
    """
    from thinkfamily import config, privacy
    from thinkfamily.paths import user_paths

    name = "<stdin>" if file == "-" else file
    text = _read_text(file)
    names = (*config.watch_names(user_paths().config_file), *(watch or ()))
    count = 0
    for number, line in enumerate(text.splitlines(), 1):
        found = privacy.find(line, names)
        for finding in found:
            count += 1
            excerpt = privacy.masked_excerpt(line, finding, found)
            ui.line(clean(f"{name}:{number}:{finding.start + 1}: {finding.label()}: {excerpt}"))
    if count:
        ui.note(f"{count} possible identifier{'s' if count != 1 else ''} found.")
        raise typer.Exit(ExitCode.FINDINGS)
    ui.note("Nothing that looks like an identifier was found.")


_TEXT_LIMIT = 16 * 1024 * 1024  # far more than any note; a limit so /dev/zero ends


def _read_text(file: str) -> str:
    from thinkfamily.files import TooLargeError, read_limited

    try:
        if file == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            raw = stdin.read(_TEXT_LIMIT + 1) if stdin else sys.stdin.read().encode()
            if len(raw) > _TEXT_LIMIT:
                raise TooLargeError(len(raw), _TEXT_LIMIT)  # noqa: TRY301 - caught below
        else:
            raw = read_limited(Path(file), _TEXT_LIMIT)
        return raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise ThinkFamilyError(f"{file}: no such file") from None
    except UnicodeDecodeError:
        raise ThinkFamilyError(f"{file}: is not UTF-8 text") from None
    except TooLargeError as exc:
        raise ThinkFamilyError(f"{file}: {exc}") from None
    except OSError as exc:
        raise ThinkFamilyError(f"{file}: cannot be read ({exc.strerror})") from None


config_app = typer.Typer(
    help="Show or change your settings: name, role, organisation, area, watch_names.",
    epilog="Example: thinkfamily config set area Hackney",
    invoke_without_command=True,
)
app.add_typer(config_app, name="config")


@config_app.callback()
def config_show(ctx: typer.Context) -> None:
    """Show your settings (name, role, organisation, default area).

    Example: thinkfamily config
    """
    from thinkfamily import config
    from thinkfamily.paths import user_paths

    if ctx.invoked_subcommand is not None:
        return
    path = user_paths().config_file
    settings = config.load(path)
    for key in config.described():
        ui.line(f"{key:<13} {clean(settings.get(key, '(not set)'))}")
    ui.note(f"Settings file: {path}")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="name, role, organisation or area.")],
    value: Annotated[str, typer.Argument(help="The value; quote it if it has spaces.")],
) -> None:
    """Set one setting.

    Example: thinkfamily config set role "Health visitor"
    """
    from thinkfamily import config
    from thinkfamily.catalog import find_area, load_areas
    from thinkfamily.paths import user_paths

    paths = user_paths()
    if key == "area":  # store the area's own name, so a typo is caught now, not mid-call
        value = find_area(load_areas(paths)[0], value).area.name
    config.save_value(paths.config_file, key, value)
    ui.note(f"{key} set to {value}.")
    if key == "watch_names":
        ui.warn(
            f"these names are kept as written in {paths.config_file}, readable by you alone "
            "but in plain text. To keep them nowhere, leave this unset and give each name "
            "with --watch when you run a checklist."
        )


@config_app.command("unset")
def config_unset(
    key: Annotated[str, typer.Argument(help="name, role, organisation or area.")],
) -> None:
    """Remove one setting.

    Example: thinkfamily config unset name
    """
    from thinkfamily import config
    from thinkfamily.paths import user_paths

    config.save_value(user_paths().config_file, key, None)
    ui.note(f"{key} removed.")


def _default_area(paths: "Paths") -> str | None:
    """The area in the settings, read only when a command is given none."""
    from thinkfamily import config

    return config.load(paths.config_file).get("area")
