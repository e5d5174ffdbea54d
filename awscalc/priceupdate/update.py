"""``awscalc pricing update``: read the Price List, rebuild the cards, swap them in.

The index (``/offers/v1.0/aws/index.json``) names each offer's files. Where an offer has
a region index (``currentRegionIndexUrl``, every offer since about 2017), only the
selected regions' files are read; otherwise (the 2015 index) the offer's single file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awscalc.errors import PricingError, UsageError
from awscalc.priceupdate import INDEX_PATH
from awscalc.priceupdate.build import CardBuild, build_card, from_price_list
from awscalc.priceupdate.fetch import Source, utc_now
from awscalc.priceupdate.mappings import MAPPINGS, ServiceMapping
from awscalc.priceupdate.offers import Offer
from awscalc.priceupdate.store import card_text, check_destination, write_set
from awscalc.ratecards import load_card, shipped_pricing_dir
from awscalc.services import declarations

# Services with at least one Price List rule a real offer file has confirmed: the others'
# keys would all be carried over, so their (large) offer files are not even fetched.
SUPPORTED = tuple(name for name, mapping in MAPPINGS.items() if mapping.rules)
# Services whose rate catalog is rebuilt from their offer by a builder of their own
# (hundreds of MB a region: only when named with --service, and with --region).
CATALOGS = tuple(name for name, declared in declarations().items()
                 if declared.price_list_builder)
NOT_YET: dict[str, str] = {}


@dataclass
class UpdateResult:
    """What an update wrote and where."""

    dest: Path
    folder: Path
    builds: list[CardBuild]
    catalogs: list[Any] = field(default_factory=list)


def check_services(services: list[str] | None) -> list[str]:
    """The services to update (default: every supported one); unknown names are errors."""
    if not services:
        return list(SUPPORTED)
    chosen: list[str] = []
    for name in services:
        if name in NOT_YET:
            raise UsageError(f"--service: {NOT_YET[name]}")
        if name in MAPPINGS and name not in SUPPORTED:
            raise UsageError(f"--service: no Price List rule of '{name}' is confirmed by a "
                             "real offer file yet, so its card stays as shipped",
                             f"supported: {', '.join((*SUPPORTED, *CATALOGS))}")
        declared = declarations().get(name)
        if name not in MAPPINGS and name not in CATALOGS and declared is not None:
            raise UsageError(f"--service: '{name}' cannot be updated from the Price List "
                             f"yet ({declared.price_list_reason or 'no mapping'})",
                             f"supported: {', '.join((*SUPPORTED, *CATALOGS))}")
        if name not in MAPPINGS and name not in CATALOGS:
            raise UsageError(f"--service: unknown service '{name}'",
                             f"supported: {', '.join((*SUPPORTED, *CATALOGS))}")
        if name not in chosen:
            chosen.append(name)
    return chosen


class _Reader:
    """Fetches each Price List file once and parses it."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.offers: dict[str, Offer] = {}
        self.region_indexes: dict[str, dict[str, Any]] = {}

    def offer(self, path: str, code: str) -> Offer:
        """The parsed offer file at ``path`` (read once)."""
        if path not in self.offers:
            raw, document = self.source.fetch_json(path)
            self.offers[path] = Offer.parse(raw, document, code)
        return self.offers[path]

    def region_paths(self, path: str, code: str) -> dict[str, str]:
        """Region code → offer-file path, from the region index at ``path``."""
        if path not in self.region_indexes:
            raw, document = self.source.fetch_json(path)
            regions = document.get("regions")
            # Savings Plan region indexes hold a list of {regionCode, versionUrl}.
            if isinstance(regions, list):
                regions = {r.get("regionCode"): {"currentVersionUrl": r.get("versionUrl")}
                           for r in regions if isinstance(r, dict)}
            if not isinstance(regions, dict):
                raise PricingError(f"{raw.url}: region index of {code} has no 'regions'")
            self.region_indexes[path] = regions
        regions = self.region_indexes[path]
        return {code_: entry.get("currentVersionUrl") for code_, entry in regions.items()
                if isinstance(entry, dict) and isinstance(entry.get("currentVersionUrl"), str)}


def _regions_of(card: dict[str, Any], updated_only: bool = False) -> list[str]:
    found: list[str] = []
    for entry in card["rates"].values():
        for region, value in entry["regions"].items():
            if updated_only and not from_price_list(value):
                continue
            if region != "global" and region not in found:
                found.append(region)
    return found


def _previous_card(dest: Path, service: str) -> dict[str, Any] | None:
    """The active updated set's card for ``service``, if there is a valid one."""
    from awscalc.yamlfile import load_yaml

    path = dest / f"{service}.yaml"
    if not path.is_file():
        return None
    try:
        load_card(path, "updated", service)
    except PricingError:
        return None  # replaced by this update
    return load_yaml(path.read_text(encoding="utf-8")).data


def _offer_files(mapping: ServiceMapping, entry: dict[str, Any], code: str,
                 needed: list[str], reader: _Reader) -> dict[str, Offer]:
    if mapping.is_global:
        whole = reader.offer(_path(entry, "currentVersionUrl", code), code)
        return dict.fromkeys(["global", *(mapping.zones or {})], whole)
    region_index = entry.get("currentRegionIndexUrl")
    if not isinstance(region_index, str):
        whole = reader.offer(_path(entry, "currentVersionUrl", code), code)
        return dict.fromkeys(needed, whole)
    paths = reader.region_paths(region_index, code)
    files: dict[str, Offer] = {}
    for region in needed:
        if region not in paths:
            raise PricingError(f"service '{mapping.service}': the {code} region index has no "
                               f"region '{region}'")
        files[region] = reader.offer(paths[region], code)
    return files


def _path(entry: dict[str, Any], field: str, code: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str):
        raise PricingError(f"the Price List index entry of {code} has no '{field}'")
    return value


def run_update(source: Source, services: list[str] | None, regions: list[str] | None,
               dest: Path) -> UpdateResult:
    """Rebuild the chosen services' cards from ``source`` and make them active at ``dest``."""
    from awscalc.yamlfile import load_yaml

    chosen = check_services(services)
    for service in chosen:
        if service in CATALOGS and not regions:
            raise UsageError(f"--service {service}: choose the regions to fetch with --region",
                             f"each {service} offer file is hundreds of MB a region")
    check_destination(dest)  # before any download: never replace what awscalc did not write
    shipped_dir = shipped_pricing_dir()
    index_raw, index = source.fetch_json(INDEX_PATH)
    offers_index = index.get("offers")
    if not isinstance(offers_index, dict):
        raise PricingError(f"{index_raw.url}: not a Price List index (no 'offers')")
    index_info = {"url": index_raw.url, "sha256": index_raw.sha256,
                  "publication_date": str(index.get("publicationDate", "")),
                  "retrieved": index_raw.retrieved}
    reader = _Reader(source)
    retrieved_at = utc_now()
    builds: list[CardBuild] = []
    data: dict[str, Path] = {}
    catalog_builds: list[Any] = []
    for service in chosen:
        if service in CATALOGS:
            catalog_builds.append(_update_catalog(service, source, offers_index, regions,
                                                  dest, shipped_dir, retrieved_at, data))
            continue
        mapping = MAPPINGS[service]
        shipped_path = shipped_dir / f"{service}.yaml"
        load_card(shipped_path, "shipped", service)  # the template must itself be valid
        shipped = load_yaml(shipped_path.read_text(encoding="utf-8")).data
        code = next((c for c in mapping.offers if c in offers_index), None)
        if code is None:
            raise PricingError(f"service '{service}': the Price List index lists no "
                               f"{' or '.join(mapping.offers)} offer")
        entry = offers_index[code]
        if not isinstance(entry, dict):
            raise PricingError(f"{index_raw.url}: malformed entry for {code}")
        previous = _previous_card(dest, service)
        # Default: the shipped card's regions, and those an earlier update added.
        default = _regions_of(shipped)
        default += [r for r in _regions_of(previous or {"rates": {}}, updated_only=True)
                    if r not in default]
        selected = ["global"] if mapping.is_global else list(regions or default)
        needed = ["global"] if mapping.is_global else mapping.offer_regions(selected)
        files = _offer_files(mapping, entry, code, needed, reader)
        builds.append(build_card(mapping, shipped, files, selected, retrieved_at, index_info,
                                 previous))
        _keep_fetched_elsewhere(builds[-1], previous)
    for built in catalog_builds:
        if getattr(built, "nat", None) is not None:
            _nat_card(built, builds, dest, shipped_dir, retrieved_at)
        if getattr(built, "ebs", None) or getattr(built, "ebs_unmatched", None) or getattr(
                built, "ebs_tentative", None):
            builds.append(_ebs_card(built, dest, shipped_dir, retrieved_at))
    texts = {build.service: card_text(build.data) for build in builds}
    for built in catalog_builds:
        for name, regional in getattr(built, "cards", {}).items():
            texts[name] = card_text(_offer_card(name, regional, built, dest, shipped_dir,
                                                retrieved_at))
    folder = write_set(dest, texts, shipped_dir, data)
    return UpdateResult(dest=dest, folder=folder, builds=builds, catalogs=catalog_builds)


def _update_catalog(service: str, source: Source, offers_index: dict[str, Any],
                    regions: list[str] | None, dest: Path, shipped_dir: Path,
                    retrieved: str, data: dict[str, Path]) -> Any:
    """Rebuild ``service``'s catalog for the selected regions, keeping every other region
    of the current set's (or the shipped) catalog; add it to ``data``."""
    import importlib

    from awscalc.catalog import catalog_path, merge_into
    from awscalc.services import declaration

    builder = importlib.import_module(declaration(service).price_list_builder or "")
    built_path = source.scratch_dir() / f"{service}.sqlite"
    built = getattr(builder, f"update_{service}")(source, offers_index, list(regions or []),
                                                   built_path, retrieved)
    current = catalog_path(dest, service)
    base = current if current.is_file() else catalog_path(shipped_dir, service)
    if base.is_file():
        merge_into(built_path, base)
    data[built_path.name] = built_path
    return built


def _ebs_card(built: Any, dest: Path, shipped_dir: Path, retrieved: str) -> CardBuild:
    """The EBS card with the rates the AmazonEC2 offer gave for the updated regions; every
    other rate as it was (the current set's card, else the shipped one). The io1/io2
    rates of the tentative rules are unverified; a region where they selected nothing
    (or not every tier of io2's IOPS ladder) keeps its rate and is reported
    (``unmatched``), as with the NAT gateway rates (:func:`_nat_card`)."""
    from awscalc.yamlfile import load_yaml

    base = dest / "ebs.yaml" if (dest / "ebs.yaml").is_file() else shipped_dir / "ebs.yaml"
    build = CardBuild(service="ebs", data=load_yaml(base.read_text(encoding="utf-8")).data,
                      offers=[])
    rates = build.data["rates"]
    note = f"AWS Price List (AmazonEC2 offer), retrieved {retrieved[:10]}"
    tentative = {"verified": False, "note": f"{note}, selected by a rule no real offer file "
                 "had confirmed when this awscalc was written "
                 "(awscalc.priceupdate.ec2.EBS_TENTATIVE_RULES)"}
    for regional_rates, extra in ((built.ebs, {"note": note}),
                                  (getattr(built, "ebs_tentative", {}), tentative)):
        for key, regional in regional_rates.items():
            entry = rates.get(key)
            if entry is None:
                continue
            for region, value in regional.items():
                entry["regions"][region] = {**value, "source": built.sources[0].source,
                                            **extra}
                build.updated.append((key, region))
    _keep_unmatched(build, getattr(built, "ebs_unmatched", {}))
    return build


def _keep_fetched_elsewhere(build: CardBuild, previous: dict[str, Any] | None) -> None:
    """Keep, in a card rebuilt from its own offer, the rates an earlier update of another
    service's catalog wrote into it (the data-transfer card's NAT gateway rates come with
    ``--service ec2``): its own mapping carries those keys over from the shipped card."""
    from awscalc.services import declarations

    declared = declarations().get(build.service)
    if declared is None or not previous or not isinstance(previous.get("rates"), dict):
        return
    for key in declared.price_list_fetched_by:
        old, entry = previous["rates"].get(key), build.data["rates"].get(key)
        if not isinstance(old, dict) or entry is None or (
                old.get("unit"), old.get("per", 1)) != (entry["unit"], entry.get("per", 1)):
            continue
        for region, value in old.get("regions", {}).items():
            if from_price_list(value):
                entry["regions"][region] = value
                build.kept.append((key, region))


def _nat_card(built: Any, builds: list[CardBuild], dest: Path, shipped_dir: Path,
              retrieved: str) -> None:
    """Put the NAT gateway rates the AmazonEC2 offer gave for the updated regions into the
    data-transfer card: the one this update rebuilt, else the current set's, else the
    shipped one; every other rate stays as it was. A region where the tentative rule
    selected nothing keeps its rate and is reported (``unmatched``) like a card's own
    tentative rules."""
    from awscalc.priceupdate.ec2 import NAT_CARD
    from awscalc.yamlfile import load_yaml

    build = next((b for b in builds if b.service == NAT_CARD), None)
    if build is None:
        card = _previous_card(dest, NAT_CARD)
        if card is None:
            shipped = shipped_dir / f"{NAT_CARD}.yaml"
            card = load_yaml(shipped.read_text(encoding="utf-8")).data
        build = CardBuild(service=NAT_CARD, data=card, offers=[])
        builds.append(build)
    rates = build.data["rates"]
    for key, regional in built.nat.items():
        entry = rates.get(key)
        if entry is None:
            continue
        if int(entry.get("per", 1)) != 1:  # the rules read AWS's per-hour / per-GB price
            raise PricingError(f"{NAT_CARD}: key '{key}' is priced per {entry['per']}; "
                               "awscalc's NAT gateway rule is out of date")
        for region, value in regional.items():
            entry["regions"][region] = {
                **value, "verified": False, "source": built.sources[0].source,
                "note": f"AWS Price List (AmazonEC2 offer), retrieved {retrieved[:10]}, "
                        "selected by a rule no real offer file had confirmed when this "
                        "awscalc was written (awscalc.priceupdate.ec2.NAT_RULES)"}
            build.updated.append((key, region))
    _keep_unmatched(build, built.nat_unmatched)


def _keep_unmatched(build: CardBuild, unmatched: dict[tuple[str, str], str]) -> None:
    """Rates a tentative rule selected nothing for keep their value; their note says why,
    and the build reports them."""
    rates = build.data["rates"]
    for (key, region), why in unmatched.items():
        entry = rates.get(key, {})
        value = entry.get("regions", {}).get(region)
        if isinstance(value, dict):  # the key's own note, as build_card keeps it
            value["note"] = _kept_note(why, value.get("note") or entry.get("note"))
    build.unmatched.update(unmatched)


_KEPT = "kept as it was ("


def _kept_note(why: str, note: str | None) -> str:
    """A kept rate's note: why the tentative rule gave nothing, then the rate's own note
    (an earlier update's reason replaced, not repeated; ``why`` holds no "; ")."""
    if note and note.startswith(_KEPT):
        note = note.partition("; ")[2]
    return f"{_KEPT}{why}); {note}" if note else f"{_KEPT}{why})"


def _offer_card(name: str, regional: dict[str, dict[str, Any]], built: Any, dest: Path,
                shipped_dir: Path, retrieved: str) -> dict[str, Any]:
    """Card ``name`` with the rates a catalog builder read from its offer for the updated
    regions (``regional[key][region] = {"rate": …}``); every other rate as it was (the
    current set's card, else the shipped one). A key the card does not have is ignored."""
    from awscalc.yamlfile import load_yaml

    current = dest / f"{name}.yaml"
    base = current if current.is_file() else shipped_dir / f"{name}.yaml"
    card = load_yaml(base.read_text(encoding="utf-8")).data
    for key, values in regional.items():
        entry = card["rates"].get(key)
        if entry is None:
            continue
        for region, value in values.items():
            # read from AWS's own Price List: not the key's shipped (unverified) label
            entry["regions"][region] = {
                **value, "source": built.sources[0].source, "verified": True,
                "note": f"AWS Price List ({built.offer_code} offer), retrieved "
                        f"{retrieved[:10]}"}
    return card
