"""Reading a picture's texts in a real Chromium: every text's glyphs as boxes on the picture, and what
is wrong with them (a text beyond the picture's edge, two texts drawn over each other).

A picture is an SVG (as the app and the documents export it: plotly through kaleido) or a PNG (a slide
rendered by LibreOffice). For an SVG, each `<text>` element's characters are measured by the browser
(`getExtentOfChar`, mapped through the element's transform onto the picture), so a rotated tick label
is four rotated glyph quadrilaterals, not its upright bounding box. Whitespace has no glyph and is left
out. Two texts overlap when a glyph of one meets a glyph of the other by more than `TOLERANCE` pixels
each way (the boxes span the font's ascent to descent, a little taller than the ink).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TOLERANCE = 1.0  # pixels each glyph box is shrunk by before two are compared
EDGE = 0.5  # pixels a glyph may reach beyond the picture's edge (anti-aliasing)

MEASURE_JS = """
(svg) => {
  document.body.style.margin = '0';
  document.body.innerHTML = svg;
  const root = document.body.querySelector('svg');
  const W = parseFloat(root.getAttribute('width')), H = parseFloat(root.getAttribute('height'));
  const out = [];
  for (const el of root.querySelectorAll('text')) {
    const n = el.getNumberOfChars();
    if (!n) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || parseFloat(style.opacity) === 0) continue;
    let hidden = false;
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) { hidden = true; break; }
    }
    if (hidden) continue;
    const m = el.getScreenCTM();
    const text = el.textContent;
    const glyphs = [];
    for (let i = 0; i < n; i++) {
      const ch = text[i];
      if (ch === undefined || /\\s/.test(ch)) continue;
      let r;
      try { r = el.getExtentOfChar(i); } catch (e) { continue; }
      if (!r.width || !r.height) continue;
      const corners = [[r.x, r.y], [r.x + r.width, r.y], [r.x + r.width, r.y + r.height], [r.x, r.y + r.height]];
      glyphs.push(corners.map(([x, y]) => {
        const pt = new DOMPoint(x, y).matrixTransform(m);
        return [pt.x, pt.y];
      }));
    }
    if (glyphs.length) out.push({text: text.trim(), glyphs});
  }
  return {width: W, height: H, texts: out};
}
"""

Quad = list[tuple[float, float]]


@dataclass
class Text:
    """One text element of a picture: its characters and its glyphs' quadrilaterals (picture pixels)."""

    text: str
    glyphs: list[Quad]

    def box(self) -> tuple[float, float, float, float]:
        """The axis-aligned box around every glyph: x0, y0, x1, y1."""
        xs = [x for g in self.glyphs for x, _ in g]
        ys = [y for g in self.glyphs for _, y in g]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Reading:
    """What a picture's texts look like: its size, its texts and the faults found."""

    name: str
    width: float
    height: float
    texts: list[Text]
    outside: list[str] = field(default_factory=list)
    overlaps: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing beyond the edge, nothing drawn over anything else."""
        return not self.outside and not self.overlaps

    def describe(self) -> str:
        """The faults in a line each."""
        lines = [f"{self.name}: cut at the edge: {t!r}" for t in self.outside]
        lines += [f"{self.name}: drawn over each other: {a!r} / {b!r}" for a, b in self.overlaps]
        return "\n".join(lines)


def _shrunk(quad: Quad, by: float) -> Quad:
    cx = sum(x for x, _ in quad) / 4
    cy = sum(y for _, y in quad) / 4
    out = []
    for x, y in quad:
        dx, dy = x - cx, y - cy
        length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        # each corner moves towards the centre along its diagonal: the sides move in by about `by`
        step = min(by * 1.4142, length)
        out.append((x - dx / length * step, y - dy / length * step))
    return out


def _axes(quad: Quad) -> list[tuple[float, float]]:
    out = []
    for i in range(4):
        (x0, y0), (x1, y1) = quad[i], quad[(i + 1) % 4]
        out.append((y0 - y1, x1 - x0))
    return out


def quads_meet(a: Quad, b: Quad) -> bool:
    """Two convex quadrilaterals overlap (separating-axis test; touching is not overlapping)."""
    for ax, ay in _axes(a) + _axes(b):
        pa = [x * ax + y * ay for x, y in a]
        pb = [x * ax + y * ay for x, y in b]
        if max(pa) <= min(pb) or max(pb) <= min(pa):
            return False
    return True


def _boxes_meet(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def judge(name: str, width: float, height: float, texts: list[Text]) -> Reading:
    """The faults of a picture's texts: any glyph beyond the edge, any two texts' glyphs overlapping."""
    reading = Reading(name, width, height, texts)
    for t in texts:
        x0, y0, x1, y1 = t.box()
        if x0 < -EDGE or y0 < -EDGE or x1 > width + EDGE or y1 > height + EDGE:
            reading.outside.append(t.text)
    shrunk = [[_shrunk(g, TOLERANCE) for g in t.glyphs] for t in texts]
    boxes = [Text(t.text, s).box() if s else (0.0, 0.0, 0.0, 0.0) for t, s in zip(texts, shrunk, strict=True)]
    order = sorted(range(len(texts)), key=lambda i: boxes[i][0])
    for pos, i in enumerate(order):
        for j in order[pos + 1 :]:
            if boxes[j][0] >= boxes[i][2]:
                break
            if not _boxes_meet(boxes[i], boxes[j]):
                continue
            if any(quads_meet(g, h) for g in shrunk[i] for h in shrunk[j]):
                reading.overlaps.append((texts[i].text, texts[j].text))
    return reading


def read_svg(page, svg: str | bytes, name: str) -> Reading:
    """Load the SVG into the page (a Playwright page) and judge its texts."""
    source = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    found = page.evaluate(MEASURE_JS, source)
    texts = [Text(t["text"], [[(float(x), float(y)) for x, y in g] for g in t["glyphs"]]) for t in found["texts"]]
    return judge(name, float(found["width"]), float(found["height"]), texts)
