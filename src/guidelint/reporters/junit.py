"""JUnit XML output, for the test report views of GitLab, Jenkins and Azure Pipelines.

::

    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="guidelint" tests="3" failures="1" errors="0" skipped="0" time="0">
      <testsuite name="data/train.jsonl" tests="2" failures="1" errors="0" skipped="0" time="0">
        <testcase name="no-apology @ sup-003 response" classname="data/train"
                  file="data/train.jsonl" line="3" time="0">
          <failure message="apology phrase &quot;I'm sorry&quot;" type="error no-apology">
    data/train.jsonl:3 response, column 41: error no-apology apology phrase "I'm sorry"
    record: sup-003 · check: phrase · excerpt: …»I'm sorry«…</failure>
        </testcase>
        <testcase name="response-length @ sup-007 response" ...>
          <system-out>data/train.jsonl:7 ...: info response-length ...</system-out>
        </testcase>
      </testsuite>
      <testsuite name="data/eval.jsonl" tests="1" failures="0" ...>
        <testcase name="no violations" classname="data/eval" file="data/eval.jsonl" time="0"/>
      </testsuite>
    </testsuites>

One ``testsuite`` per dataset file, one ``testcase`` per violation, as linters such as
ESLint and Ruff report to these systems: every finding is one row with its own
message, and the row's name stays the same from run to run while the finding does
(``rule @ record field``, the record named by its item id, else its line), so a merge
request can show which findings are new and which are fixed. The ``classname`` is the
file's path without its suffix (Jenkins splits a classname at its last dot).

A violation at or above ``--fail-on`` is a ``failure`` (``message`` is the
violation's message, ``type`` its severity and rule, the body its location and
details); a violation below it is a passing testcase whose ``system-out`` says what
was found. Files checked without violations get one passing ``no violations``
testcase; a run with no testcase at all gets one passing ``guidelint`` testcase
(Jenkins rejects a report without tests). Dataset-wide findings that belong to no file
are in a suite named ``(dataset)``.

Violations the run counts but does not write (``--max-violations``,
``--min-severity``) still count in ``tests`` and ``failures`` (which count every
violation of the file, shown or not), and a file with any has one more testcase,
``violations not shown``, that stands for them: a ``failure`` when one of them is at or
above ``--fail-on`` (so a failing run never reads as passing), else passing; its body
repeats the summary's notes about them. The suite's ``properties`` say how many there
are::

    <properties>
      <property name="guidelint.not_shown" value="25" />
      <property name="guidelint.not_shown_failures" value="25" />
    </properties>

Text that XML 1.0 cannot hold (control characters other than tab, LF and CR, lone
surrogates, U+FFFE and U+FFFF) is written as ``\\xNN`` / ``\\uNNNN``; everything else
is escaped by the XML writer. The document is UTF-8, as it declares.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from array import array
from functools import lru_cache
from pathlib import PurePath

from guidelint.model import Severity, Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.locations import excerpt_text, field_location
from guidelint.reporters.spool import Spool
from guidelint.reporters.summaries import summary_text
from guidelint.summary import Summary
from guidelint.wording import counted, plural

DATASET_SUITE = "(dataset)"
#: The name of the testcase that stands for a file's violations not written.
NOT_SHOWN = "violations not shown"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without characters XML 1.0 forbids (each written as an escape)."""
    return _NOT_XML.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def case_name(v: Violation) -> str:
    """A name that stays the same while the finding does: ``rule @ record field``."""
    record = v.item_id or (f"line {v.line}" if v.line >= 1 else "")
    field = v.field
    where = f"{record} {field}" if record and field else record or field
    return f"{v.rule} @ {where}" if where else v.rule


def classname(path: str) -> str:
    if not path:
        return DATASET_SUITE
    pure = PurePath(path)
    return str(pure.with_suffix("")) if pure.suffix else path


def details(v: Violation) -> str:
    """The body of a testcase: location, severity, rule, message, then details."""
    where = f"{v.path}:{v.line}" if v.path and v.line >= 1 else (v.path or DATASET_SUITE)
    inside = field_location(v)
    if inside:
        where += f" {inside}"
    lines = [f"{where}: {v.severity.value} {v.rule} {v.message}"]
    extra = []
    if v.item_id or v.record_key:
        extra.append(f"record: {v.item_id or v.record_key}")
    if v.annotator:
        extra.append(f"annotator: {v.annotator}")
    extra.append(f"check: {v.check}")
    excerpt = excerpt_text(v)
    if excerpt:
        extra.append(f"excerpt: {excerpt}")
    lines.append(" · ".join(extra))
    if v.fix is not None:
        lines.append(f"fix: replace [{v.fix.start}:{v.fix.end}] with {v.fix.replacement!r}")
    return "\n".join(lines)


class _Suite:
    """One ``testsuite`` while the run goes on: its counts and where its spooled
    testcases are: runs of consecutive bytes in the spool, as start and end offsets
    (one run per file as a check run reports, file by file; 16 bytes a run)."""

    def __init__(self) -> None:
        self.tests = 0
        self.failures = 0
        #: Violations counted, not shown (--max-violations, --min-severity), and how many
        #: of them are at or above --fail-on.
        self.hidden = 0
        self.hidden_failures = 0
        self.starts = array("q")
        self.ends = array("q")

    def counts(self) -> tuple[int, int]:
        """``tests`` and ``failures``: every violation of the file, shown or not (a file
        without any has its one passing testcase)."""
        return max(self.tests + self.hidden, 1), self.failures + self.hidden_failures

    def add(self, start: int, end: int) -> None:
        if self.ends and self.ends[-1] == start:
            self.ends[-1] = end
        else:
            self.starts.append(start)
            self.ends.append(end)


class JunitReporter(Reporter):
    """Each testcase is serialised when found and kept in a :class:`Spool` (a temporary
    file); per file, only its counts and where its testcases are in the spool are kept,
    and the document is written at the end, suite by suite."""

    name = "junit"

    def start(self, context: ReportContext) -> None:
        super().start(context)
        self._spool = Spool()
        self._suites: dict[str, _Suite] = {path: _Suite() for path in context.paths}
        self._threshold = Severity(context.fail_on).rank

    def violation(self, violation: Violation) -> None:
        suite = self._suites.setdefault(violation.path or DATASET_SUITE, _Suite())
        failed = violation.severity.rank >= self._threshold
        suite.tests += 1
        suite.failures += int(failed)
        start = self._spool.tell()
        self._spool.write(case_text(violation, failed))
        suite.add(start, self._spool.tell())

    def counted(self, violation: Violation) -> None:
        suite = self._suites.setdefault(violation.path or DATASET_SUITE, _Suite())
        suite.hidden += 1
        suite.hidden_failures += int(violation.severity.rank >= self._threshold)

    def finish(self, summary: Summary) -> None:
        try:
            self._write(summary)
        finally:
            self._spool.close()

    def _write(self, summary: Summary) -> None:
        suites = dict(self._suites)
        if not suites:
            suites["guidelint"] = _Suite()
        out = self.stream
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        tests = sum(suite.counts()[0] for suite in suites.values())
        failures = sum(suite.counts()[1] for suite in suites.values())
        root = ET.Element("testsuites", name="guidelint")
        _counts(root, tests, failures)
        out.write(_start_tag(root))
        for path, suite in suites.items():
            element = ET.Element("testsuite", name=xml_text(path))
            _counts(element, *suite.counts())
            out.write("\n  " + _start_tag(element))
            if suite.hidden:
                out.write(_properties(suite))
            for start, end in zip(suite.starts, suite.ends, strict=True):
                self._spool.copy_to(out, start, end)
            if suite.hidden:
                out.write(_case_xml(self._not_shown(path, suite, summary)))
            elif not suite.tests:
                out.write(_case_xml(self._passing(path, summary)))
            out.write("\n  </testsuite>")
        out.write("\n</testsuites>\n")

    def document(self, summary: Summary) -> ET.Element:
        """The ``testsuites`` element for the whole run (as written by :meth:`finish`)."""
        buffer = io.StringIO()
        stream, self.stream = self.stream, buffer
        try:
            self._write(summary)
        finally:
            self.stream = stream
        return ET.fromstring(buffer.getvalue().encode("utf-8", "surrogatepass"))

    def _passing(self, path: str, summary: Summary) -> ET.Element:
        if path in self.context.paths:
            name = "no violations"
            case = ET.Element("testcase", name=name, classname=xml_text(classname(path)))
            case.set("file", xml_text(path))
        else:
            case = ET.Element("testcase", name="guidelint", classname="guidelint")
            ET.SubElement(case, "system-out").text = xml_text(summary_text(summary).strip())
        case.set("time", "0")
        return case

    def _not_shown(self, path: str, suite: _Suite, summary: Summary) -> ET.Element:
        """The testcase that stands for the file's violations not written: a failure when
        one of them is at or above ``--fail-on``, so that the report fails as the run
        does."""
        case = ET.Element("testcase", name=NOT_SHOWN, classname=xml_text(classname(path)))
        if path != DATASET_SUITE:
            case.set("file", xml_text(path))
        case.set("time", "0")
        fail_on = self.context.fail_on
        message = f"{plural(suite.hidden, 'violation')} not shown" + (
            f", {suite.hidden_failures} at or above --fail-on {fail_on}"
            if suite.hidden_failures
            else ""
        )
        why = [counted(n, note) for note, n in summary.notes().items() if _hides(note)]
        body = "\n".join(
            [
                f"{path}: {message}.",
                *(f"Note: {line}" for line in why),
                "Run guidelint check without --max-violations and --min-severity for every one.",
            ]
        )
        if suite.hidden_failures:
            failure = ET.SubElement(case, "failure", message=xml_text(message), type="not shown")
            failure.text = xml_text(body)
        else:
            ET.SubElement(case, "system-out").text = xml_text(body)
        return case


def _hides(note: str) -> bool:
    """Whether a summary note counts violations left out of the report."""
    return "--max-violations" in note or "--min-severity" in note


def _properties(suite: _Suite) -> str:
    """The suite's ``properties``: how many of its violations are not written."""
    properties = ET.Element("properties")
    for name, value in (
        ("guidelint.not_shown", suite.hidden),
        ("guidelint.not_shown_failures", suite.hidden_failures),
    ):
        ET.SubElement(properties, "property", name=name, value=str(value))
    ET.indent(properties, level=2)
    return "\n    " + ET.tostring(properties, encoding="unicode")


def case_element(v: Violation, failed: bool) -> ET.Element:
    """The ``testcase`` of one violation (a ``failure`` when ``failed``)."""
    case = ET.Element(
        "testcase", name=xml_text(case_name(v)), classname=xml_text(classname(v.path))
    )
    if v.path:
        case.set("file", xml_text(v.path))
    if v.line >= 1:
        case.set("line", str(v.line))
    case.set("time", "0")
    if failed:
        failure = ET.SubElement(
            case,
            "failure",
            message=xml_text(v.message),
            type=xml_text(f"{v.severity.value} {v.rule}"),
        )
        failure.text = xml_text(details(v))
    else:
        ET.SubElement(case, "system-out").text = xml_text(details(v))
    return case


def case_text(v: Violation, failed: bool) -> str:
    """:func:`case_element` as :func:`_case_xml` writes it, without building the element:
    the same attributes, escapes and indentation as the XML writer's."""
    if type(v.line) is not int or type(v.path) is not str:
        return _case_xml(case_element(v, failed))
    name, body = case_name(v), details(v)
    # Every value below is made of these and ASCII: when none holds a character XML
    # cannot, none needs xml_text.
    if _NOT_XML.search("".join((name, v.path, v.message, v.rule, body))) is not None:
        return _case_xml(case_element(v, failed))
    attributes = f'<testcase name="{_attribute(name)}" classname="{_classname_attribute(v.path)}"'
    if v.path:
        attributes += f' file="{_path_attribute(v.path)}"'
    if v.line >= 1:
        attributes += f' line="{v.line}"'
    body = _cdata(body)
    if failed:
        message = _attribute(v.message)
        kind = _attribute(f"{v.severity.value} {v.rule}")
        child = f'<failure message="{message}" type="{kind}">{body}</failure>'
    else:
        child = f"<system-out>{body}</system-out>"
    return f'\n    {attributes} time="0">\n      {child}\n    </testcase>'


def _attribute(text: str) -> str:
    """An attribute value as ElementTree writes it: as element text, and more."""
    text = _cdata(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


@lru_cache(maxsize=256)
def _path_attribute(path: str) -> str:
    return _attribute(path)


@lru_cache(maxsize=256)
def _classname_attribute(path: str) -> str:
    return _attribute(xml_text(classname(path)))


def _cdata(text: str) -> str:
    """Element text as ElementTree writes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _case_xml(case: ET.Element) -> str:
    """A testcase as it sits in the document: on its own line, indented."""
    ET.indent(case, level=2)
    return "\n    " + ET.tostring(case, encoding="unicode")


def _start_tag(element: ET.Element) -> str:
    """The start tag of ``element`` (its attributes escaped as the XML writer does)."""
    element.text = "-"
    text = ET.tostring(element, encoding="unicode")
    return text[: text.rindex(">-<") + 1]


def _counts(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", "0")
    element.set("time", "0")
