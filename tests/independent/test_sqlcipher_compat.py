#!/usr/bin/env python3
"""A cabinet file opens in an independent SQLCipher 4 build with its
passphrase, and in no way without it.

The independent build is Python's `sqlcipher3` wheel (SQLCipher 4 community,
its own OpenSSL), nothing shared with Carnet's Rust build. The files are made
by `carnet-admin`, the same core the app uses. This is the user's guarantee
that her data is never hostage to Carnet.
"""
import os
import sqlite3
import subprocess

import sqlcipher3

from runner import run

TARGET = os.environ.get("CARNET_TARGET_DIR") or os.environ.get(
    "CARGO_TARGET_DIR", os.path.expanduser("~/.cache/carnet-target")
)
ADMIN = os.path.join(TARGET, "debug", "carnet-admin")
PASSPHRASE = "tortue-lanterne-cerise-boussole-galet-prairie-violon"


def admin(*args, passphrase=PASSPHRASE):
    env = dict(os.environ, CARNET_PASSPHRASE=passphrase)
    return subprocess.run([ADMIN, *args], env=env, capture_output=True, text=True)


def open_with(path, key):
    conn = sqlcipher3.connect(path)
    # The failed HMAC checks we provoke on purpose would log to stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute("PRAGMA key = '%s'" % key.replace("'", "''"))
    return conn


def test_opens_with_the_passphrase(workdir):
    path = os.path.join(workdir, "lefevre.carnet")
    made = admin("demo", path, "--patients", "300", "--seed", "5")
    assert made.returncode == 0, made.stderr
    conn = open_with(path, PASSPHRASE)
    name = conn.execute("SELECT name FROM cabinet").fetchone()[0]
    count = conn.execute("SELECT count(*) FROM patients").fetchone()[0]
    version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    # Every page Carnet wrote passes this build's HMAC check.
    assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    assert name == "Cabinet de démonstration", name
    assert count == 300, count
    assert version.startswith("4."), version
    conn.close()


def test_refuses_a_wrong_passphrase(workdir):
    path = os.path.join(workdir, "lefevre.carnet")
    conn = open_with(path, PASSPHRASE + "x")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        assert "not a database" in str(error), error
    else:
        raise AssertionError("a wrong passphrase opened the file")


def test_unreadable_without_any_key(workdir):
    path = os.path.join(workdir, "lefevre.carnet")
    for connect in (lambda: open_with(path, None), lambda: sqlite3.connect(path)):
        conn = connect()
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except (sqlcipher3.DatabaseError, sqlite3.DatabaseError) as error:
            assert "not a database" in str(error), error
        else:
            raise AssertionError("the file opened without a key")


def test_a_cabinet_made_by_new_is_a_cabinet(workdir):
    path = os.path.join(workdir, "martin.carnet")
    made = admin("new", path, "--name", "Cabinet du Dr Martin", "--practitioner", "Dr Martin:Médecine générale")
    assert made.returncode == 0, made.stderr
    conn = open_with(path, PASSPHRASE)
    assert conn.execute("SELECT name FROM cabinet").fetchone()[0] == "Cabinet du Dr Martin"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x4341524E
    # SQLCipher 4 defaults, readable by any SQLCipher 4 tool.
    assert conn.execute("PRAGMA kdf_iter").fetchone()[0] == "256000"
    assert conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "4096"
    conn.close()


def test_carnet_reads_what_the_independent_build_wrote(workdir):
    """Carnet computes SQLCipher's page HMAC and cipher itself, with each
    key set up once (crates/core/src/page_crypto.rs): every page rewritten
    here by the independent build must still check (HMAC of every page, in
    `carnet-admin check`) and decrypt in Carnet."""
    path = os.path.join(workdir, "lefevre.carnet")
    conn = open_with(path, PASSPHRASE)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute("VACUUM")  # every page written again, by this build
    conn.close()
    checked = admin("check", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    info = admin("info", path, "--json")
    assert info.returncode == 0, info.stderr
    assert "Cabinet de démonstration" in info.stdout, info.stdout
    conn = open_with(path, PASSPHRASE)
    assert pages > 50, pages
    assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 300
    conn.close()


if __name__ == "__main__":
    run(dict(globals()), "independent")
