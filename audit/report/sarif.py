"""SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) read.

Levels: a critical or major finding is an ``error``, a minor one a ``warning`` (``common.LEVELS``); a
rule's ``defaultConfiguration.level`` follows its default severity, a result's level the severity of
that finding. Regions are 1-based lines and columns counted in Unicode code points (``columnKind``
``unicodeCodePoints``), end column exclusive, plus ``charOffset``/``charLength`` in code points.
``partialFingerprints["mtaudit/v1"]`` hashes rule, normalised matched text and occurrence index, so it
survives edits elsewhere in the file. A suggestion becomes a ``fix``; article scores are in the run's
``properties``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import metadata

from audit.document import Article, Finding, Report
from audit.report import RenderOptions, summary
from audit.report.common import (
    FINGERPRINT_KEY,
    LEVELS,
    RuleInfo,
    artifact_path,
    artifact_uri,
    finding_summary,
    fingerprints,
    rule_catalog,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def information_uri() -> str | None:
    """The project's home page from the installed package's metadata (``[project.urls]``), if any."""
    try:
        urls = metadata.metadata("mtaudit").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        _, _, url = entry.partition(",")
        if url.strip().startswith(("https://", "http://")):
            return url.strip()
    return None


def _rule(info: RuleInfo) -> dict:
    description = info.description or info.message
    return {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.message},
        "fullDescription": {"text": description},
        "help": {"text": description},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {
            "category": info.category,
            "severity": info.severity,
            "version": info.version,
            "tags": [info.category],
        },
    }


def _region(article: Article, start: int, end: int, snippet: bool = True) -> dict:
    line, col = article.line_col(start)
    end_line, end_col = article.line_col(end)
    region = {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": start,
        "charLength": end - start,
    }
    if snippet:
        region["snippet"] = {"text": article.text[start:end]}
    return region


def _result(f: Finding, article: Article, uri: str, artifact: int, rule_index: int, fingerprint: str) -> dict:
    location = {"artifactLocation": {"uri": uri, "index": artifact}}
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": finding_summary(f)},
        "locations": [{"physicalLocation": {**location, "region": _region(article, f.start, f.end)}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {
            "category": f.category,
            "severity": f.severity,
            "confidence": round(f.confidence, 3),
            "applicability": f.applicability,
            "suggestions": list(f.suggestions),
        },
    }
    if f.suggestions:
        replacement = f.suggestions[0]
        result["fixes"] = [
            {
                "description": {"text": f'Replace with "{replacement}"' if replacement else "Delete it"},
                "artifactChanges": [
                    {
                        **location,
                        "replacements": [
                            {
                                "deletedRegion": _region(article, f.start, f.end, snippet=False),
                                "insertedContent": {"text": replacement},
                            }
                        ],
                    }
                ],
                "properties": {"applicability": f.applicability},
            }
        ]
    return result


def sarif_log(reports: Sequence[Report], options: RenderOptions) -> dict:
    """The SARIF log as a dict (one run)."""
    catalog = rule_catalog(options, reports)
    rule_index = {info.id: i for i, info in enumerate(catalog)}
    driver: dict = {"name": "mtaudit", "version": options.version or "0"}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = [_rule(info) for info in catalog]

    artifacts, results, articles = [], [], []
    for index, report in enumerate(reports):
        article = report.article
        article_uri = artifact_uri(article)
        artifact: dict = {"location": {"uri": article_uri}, "roles": ["analysisTarget"]}
        if artifact_path(article) is not None:
            artifact["encoding"] = article.encoding
        artifact["properties"] = {"id": article.id}
        if article.record is not None:
            artifact["properties"]["record"] = {"file": article.record[0], "line": article.record[1]}
        artifacts.append(artifact)
        for f, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True):
            results.append(_result(f, article, article_uri, index, rule_index[f.rule], fingerprint))
        articles.append(
            {
                "id": article.id,
                "uri": article_uri,
                "score": report.score,
                "fluency": report.fluency,
                "words": article.word_count,
                "findings": report.counts(),
            }
        )
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
        "properties": {
            "signature": options.signature,
            "articles": articles,
            "summary": summary(reports, options),
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    return json.dumps(sarif_log(reports, options), ensure_ascii=False, indent=2) + "\n"
