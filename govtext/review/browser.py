"""Drive headless Chromium over the DevTools protocol, to test and time the review page.

Stdlib only: the protocol runs over a WebSocket, and the little of RFC 6455 a local
client needs (text frames, masking, fragments, ping) fits in a few functions.  One
browser serves many page loads, so a test module or a benchmark starts it once.

    with Browser() as b:
        b.open(page, "r=3")                     # waits for the page's data-ready-ms
        b.click('.finding[data-f="0"]')         # a real mouse click at the element
        b.eval("document.querySelectorAll('.hl').length")
        b.screenshot("shot.png")
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import GovtextError, MissingTool

#: Where Debian's ``chromium`` package puts the browser.
CHROMIUM = "/usr/bin/chromium"

_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--hide-scrollbars", "--remote-debugging-port=0")


def find_chromium() -> str | None:
    """The Chromium executable, or None when the machine has none."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one page, controlled over the DevTools protocol."""

    def __init__(self, size: tuple[int, int] = (1400, 900), timeout: float = 60) -> None:
        self.size = size
        self.timeout = timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._ws: socket.socket | None = None
        self._id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> "Browser":
        exe = find_chromium()
        if exe is None:
            raise MissingTool(None, f"no Chromium found (install Debian's chromium for {CHROMIUM})")
        # Chromium's helper processes may still be writing the profile as it is removed.
        self._profile = tempfile.TemporaryDirectory(prefix="govtext-chromium-", ignore_cleanup_errors=True)
        self._proc = subprocess.Popen(
            [exe, *_FLAGS, f"--user-data-dir={self._profile.name}",
             f"--window-size={self.size[0]},{self.size[1]}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self._ws = _ws_connect(_page_socket_url(self._port()), self.timeout)
            self.call("Page.enable")
            self.call("Emulation.setDeviceMetricsOverride", width=self.size[0], height=self.size[1],
                      deviceScaleFactor=1, mobile=False)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._ws is not None:
            try:
                self.call("Browser.close")      # a clean exit, so the profile can be removed
            except (OSError, GovtextError):
                pass
            self._ws.close()
        if self._proc is not None:
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
        if self._profile is not None:
            self._profile.cleanup()

    # -------------------------------------------------------------- protocol

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._id += 1
        _ws_send(self._socket(), json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            msg = json.loads(_ws_recv(self._socket()))
            if msg.get("id") == self._id:
                if "error" in msg:
                    raise GovtextError(None, f"Chromium refused {method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            self._events.append(msg)

    def wait_event(self, method: str) -> dict[str, Any]:
        """The next event named ``method`` (or one that already arrived)."""
        while True:
            for i, msg in enumerate(self._events):
                if msg.get("method") == method:
                    return self._events.pop(i).get("params", {})
            self._events.append(json.loads(_ws_recv(self._socket())))

    def eval(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        out = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in out:
            raise GovtextError(None, f"the page raised: {out['exceptionDetails'].get('text')} in {expression[:80]}")
        return out["result"].get("value")

    def wait(self, expression: str, timeout: float = 10) -> Any:
        """Poll a JavaScript expression until it is truthy (e.g. after a click that
        changes the URL fragment, whose handler runs later) and return its value."""
        deadline = time.monotonic() + timeout
        while not (value := self.eval(expression)):
            if time.monotonic() > deadline:
                raise GovtextError(None, f"the page never satisfied {expression[:80]} within {timeout:g} s")
            time.sleep(0.02)
        return value

    # -------------------------------------------------------------- what tests and benchmarks do

    def open(self, page: str | os.PathLike[str], fragment: str = "") -> float:
        """Load a page afresh and return its ``data-ready-ms`` (navigation to drawn view)."""
        self.call("Page.navigate", url="about:blank")
        self.wait_event("Page.loadEventFired")
        url = Path(page).resolve().as_uri() + (f"#{fragment}" if fragment else "")
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")
        ready = self.eval("document.documentElement.dataset.readyMs || null")
        if ready is None:
            raise GovtextError(str(page), f"the page did not finish drawing: "
                                         f"{self.eval('document.documentElement.dataset.jsError || null')}")
        return float(ready)

    def click(self, selector: str) -> None:
        """Scroll the first element matching ``selector`` into view and click its centre."""
        box = self.eval(f"""(() => {{ const el = document.querySelector({json.dumps(selector)});
            if (!el) return null; el.scrollIntoView({{block: "center"}});
            const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if box is None:
            raise GovtextError(None, f"nothing on the page matches {selector}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1],
                      button="left", clickCount=1)

    def screenshot(self, png: str | os.PathLike[str]) -> Path:
        """Save a PNG of the window as it is now."""
        png = Path(png)
        png.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
        return png

    # -------------------------------------------------------------- start-up

    def _port(self) -> int:
        """The DevTools port Chromium chose; it writes it to its profile folder."""
        marker = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise GovtextError(None, f"Chromium exited at start-up (code {self._proc.returncode})")
            if marker.is_file() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            time.sleep(0.05)
        raise GovtextError(None, f"Chromium did not start within {self.timeout:g} s")

    def _socket(self) -> socket.socket:
        assert self._ws is not None, "use Browser as a context manager"
        return self._ws


def _page_socket_url(port: int) -> str:
    """The WebSocket address of the browser's one page (no proxy: it is local)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
        targets = json.load(resp)
    return next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")


# ------------------------------------------------------------------ a minimal WebSocket client

def _ws_connect(url: str, timeout: float) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise GovtextError(None, "Chromium closed the DevTools connection")
        head += chunk
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise GovtextError(None, f"Chromium refused the DevTools connection: {head[:80]!r}")
    return sock


def _ws_send(sock: socket.socket, text: str, opcode: int = 1) -> None:
    """One final frame, masked as a client must."""
    data = text.encode()
    n = len(data)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    mask = os.urandom(4)
    sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))


def _ws_recv(sock: socket.socket) -> str:
    """One whole text message, answering pings on the way."""
    parts: list[bytes] = []
    while True:
        b0, b1 = _read(sock, 2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", _read(sock, 2))[0]
        elif n == 127:
            n = struct.unpack(">Q", _read(sock, 8))[0]
        payload = _read(sock, n)
        opcode = b0 & 0x0F
        if opcode == 8:
            raise GovtextError(None, "Chromium closed the DevTools connection")
        if opcode == 9:
            _ws_send(sock, payload.decode(errors="replace"), opcode=10)
            continue
        parts.append(payload)
        if b0 & 0x80:
            return b"".join(parts).decode()


def _read(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise GovtextError(None, "Chromium closed the DevTools connection")
        buf += chunk
    return bytes(buf)
