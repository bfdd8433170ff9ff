"""`mtaudit fix --write` never loses a byte: read-only files, symlinks, CRLF, cp1252, BOM, file modes,
backups, files changed during the run, failures at the rename and a run killed mid-way leave every
input either untouched or fully corrected, and no temporary file behind that the next run does not
remove."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import cli
from audit.correct import files
from audit.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SPACES = "Der Bundestag hat am Donnerstag  ein neues Gesetz beschlossen .\n\nEs tritt im Januar in Kraft.\n"
SPACES_FIXED = (
    "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.\n\nEs tritt im Januar in Kraft.\n"
)
UMLAUTS = "Die Bürger  äußerten „große“ Sorge .\n"  # every character is in cp1252
UMLAUTS_FIXED = "Die Bürger äußerten „große“ Sorge.\n"

FAST = ["--lm", "none", "--unsafe"]


def run(args):
    return CliRunner().invoke(cli, ["fix", *args], catch_exceptions=False)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_read_only_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(SPACES, encoding="utf-8")
    path.chmod(0o444)
    result = run([str(path), "--write", *FAST])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mtaudit: error: {path}: read-only file, not changed")
    assert path.read_text(encoding="utf-8") == SPACES and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert listing(tmp_path) == ["locked.txt"]


def test_symlink_is_written_through_to_its_target(tmp_path):
    target = tmp_path / "real" / "article.txt"
    target.parent.mkdir()
    target.write_text(SPACES, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run([str(link), "--write", *FAST]).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == SPACES_FIXED
    assert listing(tmp_path) == ["link.txt", "real"] and listing(target.parent) == ["article.txt"]


@pytest.mark.parametrize(
    "encoding, text, fixed",
    [
        ("utf-8", SPACES, SPACES_FIXED),
        ("utf-8-sig", SPACES, SPACES_FIXED),  # the BOM stays
        ("cp1252", UMLAUTS, UMLAUTS_FIXED),  # not UTF-8: written back as cp1252
        ("utf-8", SPACES.replace("\n", "\r\n"), SPACES_FIXED.replace("\n", "\r\n")),  # CRLF stays
        ("cp1252", UMLAUTS.replace("\n", "\r\n"), UMLAUTS_FIXED.replace("\n", "\r\n")),
    ],
)
def test_encoding_and_line_endings_are_kept(tmp_path, encoding, text, fixed):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    result = run([str(path), "--write", *FAST])
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == fixed.encode(encoding)


def test_file_mode_is_kept_and_backup_holds_the_original(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    path.chmod(0o640)
    assert run([str(path), "--write", "--backup", *FAST]).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == SPACES_FIXED
    assert (tmp_path / "article.txt.bak").read_text(encoding="utf-8") == SPACES
    assert stat.S_IMODE((tmp_path / "article.txt.bak").stat().st_mode) == 0o640
    path.write_text(SPACES, encoding="utf-8")
    assert run([str(path), "--write", "--backup=.orig", *FAST]).exit_code == 0
    assert (tmp_path / "article.txt.orig").read_text(encoding="utf-8") == SPACES


@pytest.mark.parametrize(
    "edited",
    [SPACES + "Ein Absatz, den jemand während des Laufs geschrieben hat.\n", SPACES.swapcase()],
    ids=["longer", "same-size"],
)
def test_file_changed_during_the_run_is_not_overwritten(tmp_path, monkeypatch, edited):
    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")

    def someone_edits(target: Path) -> None:  # between our read and our rename
        target.write_text(edited, encoding="utf-8")

    monkeypatch.setattr(files, "_before_replace", someone_edits)
    result = run([str(path), "--write", *FAST])
    assert result.exit_code == 2
    assert "changed on disk while it was being fixed, not overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == edited
    assert listing(tmp_path) == ["article.txt"]


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RuntimeError("boom")])
def test_failure_at_the_rename_leaves_each_file_untouched_or_fixed(tmp_path, monkeypatch, error):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(SPACES, encoding="utf-8")
    real_replace = os.replace

    def failing_on_b(src, dst, *args, **kwargs):
        if Path(dst).name == "b.txt":
            raise error
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(files.os, "replace", failing_on_b)
    result = CliRunner().invoke(cli, ["fix", str(tmp_path), "--write", *FAST])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == SPACES_FIXED
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == SPACES
    if isinstance(error, OSError):  # reported, and the run goes on with the next file
        assert "b.txt: No space left on device" in result.stderr
        assert (tmp_path / "c.txt").read_text(encoding="utf-8") == SPACES_FIXED
    assert listing(tmp_path) == ["a.txt", "b.txt", "c.txt"]  # no temporary file left


def test_text_the_encoding_cannot_hold_is_refused(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(UMLAUTS.encode("cp1252"))
    source = files.read_source(str(path))
    assert source.encoding == "cp1252"
    with pytest.raises(InputError, match="cp1252 cannot hold"):
        files.write_back(source, "Das Сosmodrom.\n")
    assert path.read_bytes() == UMLAUTS.encode("cp1252") and listing(tmp_path) == ["article.txt"]


@pytest.mark.slow
def test_a_run_killed_mid_way_leaves_each_file_untouched_or_fixed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    paths = [folder / f"{i:03d}.txt" for i in range(300)]
    for path in paths:
        path.write_text(SPACES, encoding="utf-8")
    command = [sys.executable, "-m", "audit", "fix", "--write", *FAST, str(folder)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if any(p.read_bytes() != SPACES.encode() for p in paths[:5]):
                break  # it has started writing: kill it now
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    contents = [p.read_text(encoding="utf-8") for p in paths]
    assert set(contents) <= {SPACES, SPACES_FIXED}  # nothing half-written
    assert contents.count(SPACES_FIXED) >= 1
    assert process.returncode == -signal.SIGKILL and contents.count(SPACES) >= 1  # killed mid-way
    assert listing(folder) == [p.name for p in paths]  # no temporary file left


# --- issue 15, case 9 ------------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_the_owner_is_kept(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    os.chown(path, 1234, 5678)
    path.chmod(0o664)
    assert run([str(path), "--write", "--backup", *FAST]).exit_code == 0
    assert path.read_text(encoding="utf-8") == SPACES_FIXED
    for written in (path, tmp_path / "article.txt.bak"):
        st = written.stat()
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 5678, 0o664)


def test_an_existing_backup_is_not_overwritten(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    (tmp_path / "article.txt.bak").write_text("an older backup\n", encoding="utf-8")
    result = run([str(path), "--write", "--backup", *FAST])
    assert result.exit_code == 2
    assert "article.txt.bak exists, not overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == SPACES
    assert (tmp_path / "article.txt.bak").read_text(encoding="utf-8") == "an older backup\n"


def test_a_file_in_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    folder.chmod(0o555)
    try:
        result = run([str(path), "--write", *FAST])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2 and "in a read-only folder, not changed" in result.stderr
    assert path.read_text(encoding="utf-8") == SPACES


def test_splitting_a_hard_link_is_said(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    os.link(path, tmp_path / "other-name.txt")
    result = run([str(path), "--write", *FAST])
    assert result.exit_code == 0
    assert "article.txt: has 1 other hard link(s), which keep the old text" in result.stderr
    assert path.read_text(encoding="utf-8") == SPACES_FIXED


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="unnamed temporary files are Linux-only")
def test_the_temporary_file_has_no_name_until_the_rename(tmp_path, monkeypatch):
    # a kill between naming the temporary file and the rename leaves it behind: that moment must
    # not include the re-check of the original (1 of 54 kills left a stray file when it did)
    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    seen = []
    monkeypatch.setattr(files, "_before_replace", lambda target: seen.append(listing(tmp_path)))
    assert run([str(path), "--write", *FAST]).exit_code == 0
    assert seen == [["article.txt"]]
    assert path.read_text(encoding="utf-8") == SPACES_FIXED


def test_a_killed_runs_temporary_file_is_removed_by_the_next_run_and_a_live_ones_is_not(tmp_path):
    import fcntl

    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    dead = tmp_path / ".article.txt.mtaudit-0123456789ab.tmp"  # named the instant before a rename
    live = tmp_path / ".article.txt.mtaudit-a1b2c3d4.tmp"  # another fix, between naming and rename
    others = [tmp_path / ".article.txt.0123456789ab.tmp", tmp_path / ".other.mtaudit-0123456789ab.tmp.txt"]
    for temporary in (dead, live, *others):
        temporary.write_text(SPACES_FIXED, encoding="utf-8")
    with open(live, "rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # the live writer holds its lock
        result = run([str(path), "--write", *FAST])
    assert result.exit_code == 0
    assert "removed 1 temporary file(s) that a killed fix left in" in result.stderr
    assert listing(tmp_path) == sorted(p.name for p in (path, live, *others))
    assert path.read_text(encoding="utf-8") == SPACES_FIXED
    dead.write_text(SPACES_FIXED, encoding="utf-8")  # beside a file that needs no fix now
    result = run([str(path), "--write", *FAST])  # the live one's writer has let go of it too
    assert result.exit_code == 0 and "removed 2 temporary file(s)" in result.stderr
    assert listing(tmp_path) == sorted(p.name for p in (path, *others))


def test_the_temporary_file_is_locked_while_it_has_a_name(tmp_path, monkeypatch):
    path = tmp_path / "article.txt"
    path.write_text(SPACES, encoding="utf-8")
    removed = []
    real_replace = os.replace

    def replace(source, target):  # at the last moment, another run sweeps the folder
        removed.append(files.remove_dead_temporaries(tmp_path))
        return real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    assert run([str(path), "--write", *FAST]).exit_code == 0
    assert removed == [0] and listing(tmp_path) == ["article.txt"]
    assert path.read_text(encoding="utf-8") == SPACES_FIXED


KILL_FILES = {  # name: (bytes before, bytes after, mode)
    "utf8.txt": (SPACES.encode(), SPACES_FIXED.encode(), 0o644),
    "crlf.txt": (SPACES.replace("\n", "\r\n").encode(), SPACES_FIXED.replace("\n", "\r\n").encode(), 0o600),
    "cp1252.txt": (UMLAUTS.encode("cp1252"), UMLAUTS_FIXED.encode("cp1252"), 0o664),
    "bom.txt": (b"\xef\xbb\xbf" + UMLAUTS.encode(), b"\xef\xbb\xbf" + UMLAUTS_FIXED.encode(), 0o640),
}


@pytest.mark.slow
def test_kills_at_random_moments_leave_every_file_original_or_fixed(tmp_path):
    import random

    rng = random.Random(15)
    owner = (1234, 5678) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    for round_ in range(6):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        expected = {}
        for i in range(40):
            for name, (before, after, mode) in KILL_FILES.items():
                path = folder / f"{i:02d}-{name}"
                path.write_bytes(before)
                path.chmod(mode)
                os.chown(path, *owner)
                expected[path.name] = (before, after, mode)
        command = [sys.executable, "-m", "audit", "fix", "--write", *FAST, str(folder)]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first = folder / "00-utf8.txt"
        deadline = time.monotonic() + 120
        while (
            time.monotonic() < deadline and process.poll() is None and first.read_bytes() == SPACES.encode()
        ):
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.5))  # somewhere in the writing of the 160 files
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL  # killed before it was done
        for name, (before, after, mode) in expected.items():
            st = (folder / name).stat()
            assert (folder / name).read_bytes() in (before, after), name
            assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (mode, *owner), name
        # a kill in the instant between naming the temporary file and the rename (no system call
        # closes it) leaves that file, named as ours and holding its file's new text; else nothing
        left = sorted(set(listing(folder)) - set(expected))
        assert len(left) <= 1, left
        for name in left:
            original = name[1 : name.index(".mtaudit-")]
            assert files._TEMP_RE.fullmatch(name) and (folder / name).read_bytes() == expected[original][1]
        if left or round_ == 0:  # the next run removes it, and finishes the work
            assert subprocess.run(command, cwd=ROOT, capture_output=True).returncode == 0
            assert listing(folder) == sorted(expected)
            assert all((folder / name).read_bytes() == after for name, (_, after, _) in expected.items())


def test_backup_does_not_take_the_next_file_as_its_suffix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files named as users name them, relative
    a, b = Path("a.txt"), Path("b.txt")
    a.write_text(SPACES, encoding="utf-8")
    b.write_text(SPACES, encoding="utf-8")
    result = run(["--write", "--backup", str(a), str(b), *FAST])
    assert result.exit_code == 2 and "looks like a file to fix, not a suffix" in result.stderr
    assert listing(tmp_path) == ["a.txt", "b.txt"] and b.read_text(encoding="utf-8") == SPACES
    assert run(["--write", str(a), str(b), "--backup", *FAST]).exit_code == 0  # --backup last: .bak
    assert listing(tmp_path) == ["a.txt", "a.txt.bak", "b.txt", "b.txt.bak"]
