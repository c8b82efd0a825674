"""Look-up commands: referral contacts, guides, the glossary, identifier checks, settings."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from thinkfamily import config, privacy
from thinkfamily.catalog import (
    LoadedArea,
    find_guide,
    find_term,
    load_areas,
    load_glossary,
    load_guides,
)
from thinkfamily.contacts.lookup import Located, area_id, find_area, is_all, locate
from thinkfamily.contacts.needs import Need, check_audience, check_topic
from thinkfamily.contacts.select import AreaContacts, area_contacts
from thinkfamily.convert import dump
from thinkfamily.errors import ExitCode, ThinkFamilyError
from thinkfamily.files import TooLargeError, read_limited
from thinkfamily.models.contacts import Contact
from thinkfamily.paths import Paths, user_paths
from thinkfamily.render import wording
from thinkfamily.render.text import area_lines, glossary_lines, guide_support_lines
from thinkfamily.render.wording import located_text

from .app import App, app, print_json, show_lines, ui
from .terminal import clean


@app.command("contacts")
def contacts_cmd(
    area: Annotated[
        str | None,
        typer.Argument(
            metavar="AREA",
            help="An area, a town or district in one (Southsea), another name for it (Hants, "
            "Pompey), a partnership (HIPS), or 'all'; default: your config's area.",
        ),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option("--for", metavar="WHO", help="Only contacts for children or for adults."),
    ] = None,
    need: Annotated[
        str | None,
        typer.Option(
            "--need",
            metavar="NEED",
            help="Only contacts for one need, in plain words: 'out of hours' (ooh), "
            "'domestic abuse' (DA), drugs, 'mental health'.",
        ),
    ] = None,
    brief: Annotated[
        bool, typer.Option("--brief", help="One line per number, ready to copy.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    sources: Annotated[
        bool, typer.Option("--sources", help="Show the full web address of each source.")
    ] = False,
) -> None:
    """Who to ring: referral contacts for an area, with where each number came from.

    Out of hours (evenings, weekends and bank holidays in England), out-of-hours numbers
    come first. With --need or --for and no area, every area answers, one line each.

    Example: thinkfamily contacts southsea --for children --need ooh --brief
    """

    paths = user_paths()
    meant = check_topic(need) if need is not None else None
    who = check_audience(audience) if audience is not None else None
    topic, who = _need_and_audience(need, meant, who)
    typed = area or _default_area(paths)
    # An area's own name wins over any other file's places, so it needs only its own file.
    wanted = area_id(typed) if typed else None
    areas, problems = load_areas(paths, only=wanted) if wanted else ([], [])
    if not any(item.area.id == wanted for item in areas):
        areas, problems = load_areas(paths)
    for problem in problems:
        ui.warn(problem)
    if not typed and not (topic or who):
        _list_areas(areas, as_json=as_json)
        return
    if not typed or is_all(typed):
        located = Located(areas, typed or "all", "all", "all")
    else:
        located = locate(areas, typed)
    if len(located.items) > 1 or located.kind == "border":  # never one area alone
        _contacts_of_many(located, who, topic, paths, as_json=as_json)
        return
    shown = area_contacts(located.items[0], who, topic, paths, located)
    if as_json:
        print_json(_area_json(shown.item, shown.chosen, shown))
        return
    if brief:
        _brief(located, [shown])
        return

    show_lines(area_lines(shown, with_url=sources))


def _need_and_audience(
    typed: str | None, meant: Need | None, who: str | None
) -> tuple[str | None, str | None]:
    """The need and the audience asked for; a need word that names an audience
    ("adult safeguarding") sets it, and one that reaches wider than the files say so."""
    if meant is None:
        return None, who
    if meant.audience and who and who != meant.audience:
        raise ThinkFamilyError(
            f"--need '{typed}' is about {meant.audience}, but --for {who} was given.",
            hint=f"Leave out --for, or use --for {meant.audience}.",
        )
    if meant.said:
        ui.note(meant.said)
    return meant.topic, who or meant.audience


def _contacts_of_many(
    located: Located, who: str | None, topic: str | None, paths: Paths, *, as_json: bool
) -> None:
    """A partnership's or every area's contacts, one line per number, area by area. With
    no need given, the safeguarding front doors only."""

    wanted = topic or "safeguarding"
    shown = [area_contacts(i, who, wanted, paths, located) for i in located.items]
    if as_json:
        print_json([_area_json(s.item, s.chosen, s) for s in shown])
        return
    _brief(located, shown)
    if topic is None:
        ui.note("These are the safeguarding front doors; add --need for other services.")


def _brief(located: Located, shown: "list[AreaContacts]") -> None:
    """One line per number: data on standard output, why and when on standard error."""
    why = wording.located_text(located)
    if why:
        ui.note(why)
    notice = wording.now_text(shown[0].now) if len(shown) == 1 else None
    if notice:
        ui.note(notice)
    closed_in = [s.item.area.name for s in shown if s.now.closed]
    if len(shown) > 1 and closed_in:
        ui.note(f"Out of hours now in {', '.join(closed_in)}: out-of-hours numbers are first.")
    ui.stdout.write("".join(f"{clean(line)}\n" for line in wording.brief_lines(shown)))


def _list_areas(areas: "list[LoadedArea]", *, as_json: bool) -> None:

    if as_json:
        print_json([_area_json(a, None) for a in areas])
        return
    ui.table(
        ["area", "also answers to", "places", "contacts", "file"],
        [
            [
                a.area.name,
                ", ".join(
                    [
                        *a.area.aliases,
                        *(n for g in a.area.places if g.kind != "place" for n in g.names),
                    ]
                ),
                str(sum(len(g.names) for g in a.area.places if g.kind == "place")),
                str(len(a.area.contacts)),
                f"local: {a.path}" if a.local else "shipped",
            ]
            for a in areas
        ],
    )
    ui.note(
        "Look one up with: thinkfamily contacts AREA (an area, a place in one, another name "
        "for it, or a partnership)"
    )


def _area_json(
    item: LoadedArea, chosen: "list[Contact] | None", shown: AreaContacts | None = None
) -> dict[str, object]:

    data: dict[str, object] = dump(item.area)
    if shown is not None:
        located, now = shown.located, shown.now
        data["matched"] = {
            "typed": located.typed,
            "as": located.kind,
            "name": located.label,
            "why": located_text(located),
        }
        data["now"] = {
            "time": now.moment.isoformat(),
            "out_of_hours": now.closed is not None,
            "why": now.closed,
        }
    if chosen is not None:
        data["contacts"] = dump(chosen)
        data["not_found"] = dump(shown.not_found if shown else [])
    if shown is not None:  # what the full view and --brief show, in their order
        data["emergency"] = dump(shown.emergency)
        data["shown"] = dump(shown.services)
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

    guides = load_guides(user_paths())
    if topic is None:
        ui.table(["topic", "guide"], [[g.id, g.title] for g in guides])
        ui.note("Read one with: thinkfamily guide TOPIC")
        return
    guide = find_guide(guides, topic)
    if sources:
        show_lines(guide_support_lines(guide))
        return
    cited = [f"- {s.document}, {s.section}" for s in guide.sources]
    if ui.rich_output:
        ui.styled(guide.title, "heading")
        from rich.markdown import Markdown  # noqa: PLC0415 - heavy (markdown-it), guides only

        ui.rich(Markdown(guide.body))
    else:
        ui.line(clean(guide.title))
        ui.line()
        body = guide.body.rstrip()
        if ui.plain:  # emphasis marks mean nothing read aloud
            body = body.replace("**", "").replace("`", "").replace("*", "")
        ui.paragraphs(body.splitlines())
    ui.line()
    ui.line("Sources:")
    ui.paragraphs(
        [*cited, f"The words of the sources behind it: thinkfamily guide {guide.id} --sources"]
    )


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


config_app = App(
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

    config.save_value(user_paths().config_file, key, None)
    ui.note(f"{key} removed.")


def _default_area(paths: Paths) -> str | None:
    """The area in the settings, read only when a command is given none."""

    return config.load(paths.config_file).get("area")
