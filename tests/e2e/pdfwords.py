"""What the e2e parts read of a PDF: its pages' words with their boxes (pdftotext
-bbox), and the two layout checks they share (every word inside the page; no two
words of a line over each other).  Imported by test_compare_pdf.sh,
test_report_budget_pdf.sh and test_towns_pages.sh (run.sh exports PS_E2E_HERE)."""
import html
import re
import subprocess

_WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def pages(pdf):
    """[(width, height, [(x0, y0, x1, y1, text), ...]), ...], one per page."""
    xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h),
             [(float(a), float(b), float(c), float(e), html.unescape(t))
              for a, b, c, e, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(xml)]


def outside(pw, ph, words, where=""):
    """A message for each word whose box leaves the page."""
    return [f"{where}word '{t}' outside the page (x {x0:.1f}-{x1:.1f} of {pw:.0f}, "
            f"y {y0:.1f}-{y1:.1f} of {ph:.0f})"
            for x0, y0, x1, y1, t in words
            if x0 < 0 or y0 < 0 or x1 > pw + 0.01 or y1 > ph + 0.01]


def overlaps(words, where=""):
    """A message for each pair of words on one line (more than half the lower
    one's height shared) whose x ranges overlap by more than half a point."""
    out = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            dy = min(a[3], b[3]) - max(a[1], b[1])
            dx = min(a[2], b[2]) - max(a[0], b[0])
            if dy > 0.5 * min(a[3] - a[1], b[3] - b[1]) and dx > 0.5:
                out.append(f"{where}'{a[4]}' and '{b[4]}' overlap")
    return out
