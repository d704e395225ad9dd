"""Edit a workbook in LibreOffice as a person does, through its UNO bridge.

Run by Debian's own Python (``/usr/bin/python3``, which has ``python3-uno``), not by the
test interpreter:

    python3 tests/uno_typing.py PROFILE_DIR WORKBOOK EDITS.json

EDITS.json holds ``{"typed": [[sheet, cell, text], ...], "delete_rows": [[sheet, row]]}``
(``row`` 1-based, as the sheet shows it). Each text is entered as the input line enters
it (``.uno:EnterString``), so LibreOffice's own input parsing decides whether it is a
number, a date or text, in the zh-CN locale; rows are deleted with the sheet protected,
as ``removeByIndex`` (what the menu's Delete Rows does). The file is saved as xlsx in
place. Prints one JSON line: {"deleted": [...], "refused": [...]}.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N">
  <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>zh-CN</value></prop>
</item>
<item oor:path="/org.openoffice.Setup/L10N">
  <prop oor:name="ooLocale" oor:op="fuse"><value>zh-CN</value></prop>
</item>
</oor:items>
"""


def prop(name: str, value: object) -> PropertyValue:
    result = PropertyValue()
    result.Name = name
    result.Value = value
    return result


def connect(profile: Path, pipe: str) -> tuple[subprocess.Popen[bytes], Any, Any]:
    """A LibreOffice of its own (its own profile, in zh-CN) and its context and desktop."""
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE)
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(240):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            time.sleep(0.5)
    else:
        office.kill()
        raise SystemExit("LibreOffice did not answer on its pipe")
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context
    )
    return office, context, desktop


def main() -> None:
    profile, workbook, edits_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    edits = json.loads(edits_file.read_text(encoding="utf-8"))
    office, context, desktop = connect(profile, f"tracker{time.time_ns()}")
    try:
        url = workbook.resolve().as_uri()
        document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        controller = document.getCurrentController()
        frame = controller.getFrame()
        dispatcher = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", context
        )
        sheets = document.getSheets()
        for sheet_name, cell, text in edits["typed"]:
            controller.setActiveSheet(sheets.getByName(sheet_name))
            dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
            dispatcher.executeDispatch(
                frame, ".uno:EnterString", "", 0, (prop("StringName", text),)
            )
        deleted: list[list[object]] = []
        refused: list[list[object]] = []
        for sheet_name, row in edits["delete_rows"]:
            sheet = sheets.getByName(sheet_name)
            assert sheet.isProtected(), f"{sheet_name} is not protected"
            before = sheet.getCellRangeByName(f"B{row}").getString()
            with contextlib.suppress(Exception):  # refused, as the menu refuses
                sheet.getRows().removeByIndex(row - 1, 1)
            after = sheet.getCellRangeByName(f"B{row}").getString()
            (deleted if after != before else refused).append([sheet_name, row, before])
        filters = (prop("FilterName", "Calc Office Open XML"), prop("Overwrite", True))
        document.storeToURL(url, filters)
        print(json.dumps({"deleted": deleted, "refused": refused}, ensure_ascii=False))
        sys.stdout.flush()
    finally:
        with contextlib.suppress(Exception):  # the bridge goes down with the office
            desktop.terminate()
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
