"""The tiny runner the independent checks share: every `test_*` function
of a module is called with one temporary folder, every failure is printed,
and the exit code says whether any failed."""
import sys
import tempfile
import traceback


def run(tests, label):
    passed = failed = 0
    with tempfile.TemporaryDirectory() as workdir:
        for name, test in [(n, f) for n, f in tests.items() if n.startswith("test_")]:
            try:
                test(workdir)
                passed += 1
                print(f"ok - {name}")
            except Exception:  # noqa: BLE001 - report every failure, then fail
                failed += 1
                print(f"FAIL - {name}")
                traceback.print_exc()
    print(f"{label}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
