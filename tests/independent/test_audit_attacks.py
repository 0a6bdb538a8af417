#!/usr/bin/env python3
"""The audit trail's attacks, made with an independent SQLCipher tool
(Python's `sqlcipher3`) holding the passphrase, as the security review made
them; `carnet-admin` must notice each one.

1. The five functions the triggers call registered as no-ops, a patient
   renamed: `audit verify` and `check` used to say « intact » and the search
   found her under her old name only.
2. The file put back to an older copy of itself.
3. An entry rewritten and the whole SHA-256 chain and in-file anchor
   recomputed (an insider who read Carnet's source): the file alone
   verifies; the head this computer remembered does not match.
"""
import hashlib
import os
import shutil
import subprocess

import sqlcipher3

from runner import run

TARGET = os.environ.get("CARNET_TARGET_DIR") or os.environ.get(
    "CARGO_TARGET_DIR", os.path.expanduser("~/.cache/carnet-target")
)
ADMIN = os.environ.get("CARNET_ADMIN") or os.path.join(TARGET, "debug", "carnet-admin")
PASSPHRASE = "tortue-lanterne-cerise-boussole-galet-prairie-violon"


def admin(workdir, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    # This computer's notes (the trail heads) live in the test's own home.
    env.update(CARNET_PASSPHRASE=PASSPHRASE, HOME=os.path.join(workdir, "home"))
    return subprocess.run([ADMIN, *args], env=env, capture_output=True, text=True)


def outside_tool(path):
    conn = sqlcipher3.connect(path, isolation_level=None)
    conn.execute("PRAGMA key = '%s'" % PASSPHRASE)
    return conn


def silence_triggers(conn):
    """One line each: the functions Carnet registers, as no-ops."""
    conn.create_function("carnet_actor_id", 0, lambda: None)
    conn.create_function("carnet_actor_name", 0, lambda: None)
    conn.create_function("carnet_audit_enabled", 0, lambda: 0)
    conn.create_function("carnet_audit_pruning", 0, lambda: 0)
    conn.create_function("carnet_audit_hash", 9, lambda *fields: "0" * 64)


def chain_hash(fields):
    """Carnet's entry hash, rewritten from its source (audit_functions.rs)."""
    digest = hashlib.sha256()
    for field in fields:
        if field is None:
            digest.update(b"\x00")
        else:
            data = field.encode()
            digest.update(b"\x01" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def fresh_cabinet(workdir, name):
    path = os.path.join(workdir, name)
    made = admin(workdir, "demo", path, "--patients", "40", "--seed", "7")
    assert made.returncode == 0, made.stderr
    verified = admin(workdir, "audit", "verify", path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    return path


def test_a_rename_with_the_triggers_silenced_is_found_and_the_index_rebuilt(workdir):
    path = fresh_cabinet(workdir, "silence.carnet")
    conn = outside_tool(path)
    silence_triggers(conn)
    patient_id, old_name = conn.execute(
        "SELECT id, coalesce(used_name, birth_name) FROM patients ORDER BY id LIMIT 1"
    ).fetchone()
    conn.execute(
        "UPDATE patients SET birth_name = 'ZORGLUB', used_name = NULL WHERE id = ?",
        (patient_id,),
    )
    conn.close()

    verified = admin(workdir, "audit", "verify", path)
    assert verified.returncode == 1, verified.stdout
    assert "sans entrée au journal" in verified.stderr, verified.stderr

    checked = admin(workdir, "check", path)
    assert checked.returncode == 1, checked.stdout
    assert "sans entrée au journal" in checked.stdout, checked.stdout
    assert "Index de recherche reconstruit : 1 dossier(s)" in checked.stdout, checked.stdout

    found = admin(workdir, "patients", "search", path, "zorglub")
    assert found.returncode == 0, found.stderr
    assert "ZORGLUB" in found.stdout, found.stdout


def test_an_older_copy_put_back_is_noticed(workdir):
    path = fresh_cabinet(workdir, "copie.carnet")
    older = path + ".ancienne"
    shutil.copy(path, older)
    # Work goes on (each tool opening is an entry); this computer notes the head.
    for _ in range(2):
        assert admin(workdir, "info", path).returncode == 0
    assert admin(workdir, "audit", "verify", path).returncode == 0
    shutil.copy(older, path)
    verified = admin(workdir, "audit", "verify", path)
    assert verified.returncode == 1, verified.stdout
    assert "plus ancien que celui vu sur cet ordinateur" in verified.stderr, verified.stderr


def test_a_rewritten_and_rehashed_history_is_noticed(workdir):
    path = fresh_cabinet(workdir, "reecrit.carnet")
    conn = outside_tool(path)
    silence_triggers(conn)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET user_name = 'Dr Intrus' WHERE seq = 2")
    previous = conn.execute("SELECT first_prev FROM audit_anchor").fetchone()[0]
    rows = conn.execute(
        "SELECT seq, at, user_id, user_name, action, object_kind, object_id, patient_id, detail"
        " FROM audit_log ORDER BY seq"
    ).fetchall()
    for seq, *fields in rows:
        entry = chain_hash([previous, *fields])
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (previous, entry, seq)
        )
        previous = entry
    conn.execute("UPDATE audit_anchor SET last_hash = ?", (previous,))
    conn.close()

    verified = admin(workdir, "audit", "verify", path)
    # The file alone verifies: the forger recomputed everything …
    assert "Journal d'audit intact" in verified.stdout, verified.stdout
    # … but not the head this computer sealed with the cabinet key.
    assert verified.returncode == 1, verified.stdout
    assert "diverge de celui vu sur cet ordinateur" in verified.stderr, verified.stderr


if __name__ == "__main__":
    run(dict(globals()), "audit attacks")
