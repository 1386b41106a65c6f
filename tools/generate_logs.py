#!/usr/bin/env python3
"""Generate realistic Amazon Bedrock model-invocation-log buckets, deterministically.

Writes, under --out:
  regions.yaml                       a regions config naming every generated bucket (file://buckets/<region>)
  buckets/<region>/<log_prefix>AWSLogs/<account>/BedrockModelInvocationLogs/
      amazon-bedrock-logs-permission-check                 (zero bytes, as Bedrock writes it)
      <region>/YYYY/MM/DD/HH/<YYYYMMDD>T<HHMMSS><mmm>Z_<16 hex>.json.gz   (gzip of JSON Lines)
      <region>/YYYY/MM/DD/HH/data/<requestId>_input.json.gz                 (offloaded large bodies)

The hour folder is the delivery hour. Records are invocations from the minutes before delivery, so:
  - D's 00 folder holds some records of D-1, and D+1's 00-02 folders hold records of D: the first object
    of every 00, 01 and 02 folder carries at least one record of the previous day's last hour;
  - the generator always writes the first --tail-hours (default 3) folders of the day after the last day;
  - a few records (--late-rate) arrive 1-3 hours late (never later than 02:59 of the next day).

Every model-id form appears: base id with ":0", a base id without version, a scoped (us./eu./apac./global.)
inference-profile id, an inference-profile ARN and a foundation-model ARN. Operations are Converse,
ConverseStream, InvokeModel and InvokeModelWithResponseStream, with realistic bodies (--with-bodies):
Converse usage blocks (with cacheDetails for 1-hour cache writes), Anthropic-native usage blocks (with
cache_creation.ephemeral_1h_input_tokens), streamed event arrays with amazon-bedrock-invocationMetrics.
1-hour cache writes exist only in non-streamed response bodies, so without --with-bodies there are none.

Output is byte-for-byte reproducible for the same arguments: every random choice comes from a
random.Random seeded by (--seed, region, hour, object), gzip headers carry mtime 0, JSON is written
with fixed separators. Without deliberate defects, adding days or regions does not change the
objects of the others (defects are placed over the whole plan, so they move when the plan changes).

Deliberate defects, each placed deterministically: --malformed-lines (a record line cut in half, never
the last line), --missing-counts (token counts removed from a record whose body still has a usage
block: the reader must fall back to the body), --missing-usage (counts and response body removed: one
request with zero tokens that must be flagged), --duplicates (a record written again, same requestId,
into the next object of its region), --unpriced-model/--unpriced-records (records of a model id that
no price file has).

Usage examples:
  tools/generate_logs.py --out /tmp/logs --date 2026-11-30 --with-bodies
  tools/generate_logs.py --out bench/corpus --date 2026-11-01 --days 2 --with-bodies --target-mb 300
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import os
import random
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"]
DEFAULT_ACCOUNT = "111122223333"


# --------------------------------------------------------------------------------------------------
# The catalogue: which models are called, in which id form, and how.
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Model:
    name: str          # a short label (only used for choosing)
    form: str          # how modelId is written, with {region}, {account} and {scope} placeholders
    family: str        # "anthropic", "nova" or "llama": decides body shapes
    weight: int
    caching: bool      # whether requests use prompt caching
    long_context: bool = False  # whether a rare request may exceed 200k input tokens
    one_hour: bool = False      # whether 1-hour cache writes occur (bodies only)


CATALOGUE = [
    # base model id with :0 (old model, no caching)
    Model("claude-3-haiku", "anthropic.claude-3-haiku-20240307-v1:0", "anthropic", 14, caching=False),
    # scoped system inference-profile id (geo scope follows the region)
    Model("sonnet-4-5", "{scope}.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic", 22,
          caching=True, long_context=True, one_hour=True),
    # inference-profile ARN of a global profile
    Model("opus-4-6", "arn:aws:bedrock:{region}:{account}:inference-profile/global.anthropic.claude-opus-4-6-v1",
          "anthropic", 10, caching=True, one_hour=True),
    # foundation-model ARN
    Model("haiku-3-5", "arn:aws:bedrock:{region}::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
          "anthropic", 8, caching=True),
    # global profile id
    Model("haiku-4-5", "global.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic", 14, caching=True,
          one_hour=True),
    # base id without any version suffix (in-region)
    Model("sonnet-4-6", "anthropic.claude-sonnet-4-6", "anthropic", 10, caching=True, one_hour=True),
    Model("nova-pro", "amazon.nova-pro-v1:0", "nova", 12, caching=False),
    Model("llama-3-3", "meta.llama3-3-70b-instruct-v1:0", "llama", 6, caching=False),
]

OPERATIONS = {
    # family -> [(operation, weight)]
    "anthropic": [("Converse", 35), ("ConverseStream", 20), ("InvokeModel", 25),
                  ("InvokeModelWithResponseStream", 20)],
    "nova": [("Converse", 50), ("ConverseStream", 25), ("InvokeModel", 25)],
    "llama": [("Converse", 50), ("InvokeModel", 50)],
}

IDENTITIES = [
    ("arn:aws:iam::{account}:user/alice", 5),
    ("arn:aws:iam::{account}:user/ci-bot", 3),
    ("arn:aws:sts::{account}:assumed-role/AgentRuntimeRole/agent-{n:04d}", 6),
    ("arn:aws:sts::{account}:assumed-role/DataPipelineRole/etl-worker", 3),
    ("arn:aws:sts::{account}:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/bob@example.com", 2),
]

REQUEST_TAGS = [
    {"team": "engineering", "cost_center": "ENG-789"},
    {"team": "support", "cost_center": "SUP-120", "feature": "ticket-summary"},
    {"team": "research", "project": "eval-harness"},
]

PHRASES = [
    "Summarise the customer ticket below in three bullet points.",
    "Rewrite this paragraph so that a new engineer understands it.",
    "Extract every invoice number and amount as JSON.",
    "You are a careful assistant that answers with citations.",
    "Classify the sentiment of each review as positive, neutral or negative.",
    "Draft a polite reply declining the meeting and proposing Thursday.",
    "List the failing tests and the most likely cause for each.",
    "Translate the release notes into French, keeping product names in English.",
    "Explain why the nightly build took twice as long as usual.",
    "Generate five test cases for the date parser, including leap years.",
    "Review this diff for concurrency bugs and unclear names.",
    "Answer using only the attached runbook; say so if it does not cover the question.",
]

ANSWERS = [
    "Here is a summary of the main points:",
    "The most likely cause is a stale cache entry after the deploy.",
    "I found three invoices; the totals are listed below.",
    "Sure. The key idea is that each request is counted exactly once.",
    "The build spent most of its time re-downloading dependencies.",
    "Below are the test cases, each with its expected output.",
    "The diff introduces a data race on the shared counter.",
]

SCOPES = {"us": "us", "eu": "eu", "ap": "apac", "ca": "us", "sa": "us"}


def scope_for(region: str) -> str:
    return SCOPES.get(region.split("-")[0], "us")


# --------------------------------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------------------------------

@dataclass
class Options:
    out: Path
    start: dt.date
    days: int
    regions: list[str]
    records_per_object: int
    objects_per_hour: int
    seed: int
    with_bodies: bool
    target_mb: float | None
    account: str
    log_prefix: str
    tail_hours: int
    late_rate: float
    offload_rate: float
    malformed_lines: int
    missing_counts: int
    missing_usage: int
    duplicates: int
    unpriced_model: str | None
    unpriced_records: int
    compress_level: int
    config_name: str
    history_turns: float = 0.0


def parse_args(argv: list[str]) -> Options:
    p = argparse.ArgumentParser(
        description="Generate deterministic Bedrock invocation-log buckets (see module docstring).")
    p.add_argument("--out", required=True, type=Path, help="output folder (created)")
    p.add_argument("--date", required=True, help="first UTC day, YYYY-MM-DD")
    p.add_argument("--days", type=int, default=1, help="number of days (default 1)")
    p.add_argument("--regions", nargs="+", default=DEFAULT_REGIONS, help="regions (default: %(default)s)")
    p.add_argument("--records-per-object", type=int, default=20)
    p.add_argument("--objects-per-hour", type=int, default=2, help="objects per region and hour folder")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--with-bodies", action="store_true", help="log request/response bodies")
    p.add_argument("--target-mb", type=float, default=None,
                   help="aim for about this many MB of record objects: sets --records-per-object")
    p.add_argument("--account", default=DEFAULT_ACCOUNT)
    p.add_argument("--log-prefix", default="", help='key prefix before AWSLogs/, e.g. "bedrock/invocation-logs/"')
    p.add_argument("--tail-hours", type=int, default=3,
                   help="hour folders written into the day after the last day (late deliveries)")
    p.add_argument("--late-rate", type=float, default=0.02, help="share of records delivered 1-3 hours late")
    p.add_argument("--offload-rate", type=float, default=0.03,
                   help="share of requests whose input body goes to data/ (with --with-bodies)")
    p.add_argument("--malformed-lines", type=int, default=0)
    p.add_argument("--missing-counts", type=int, default=0,
                   help="records without token counts whose body still has usage (needs --with-bodies)")
    p.add_argument("--missing-usage", type=int, default=0,
                   help="records without token counts and without a response body")
    p.add_argument("--duplicates", type=int, default=0, help="records written twice (same requestId)")
    p.add_argument("--unpriced-model", default=None, help="a model id no price file has")
    p.add_argument("--unpriced-records", type=int, default=3, help="records of --unpriced-model")
    p.add_argument("--compress-level", type=int, default=6)
    p.add_argument("--history-turns", type=float, default=0.0,
                   help="mean number of earlier conversation turns in each request body (with "
                        "--with-bodies); 0 (the default) sends one prompt. Real agent and chat traffic "
                        "resends the conversation: about 18 gives records of about 9 KB")
    p.add_argument("--config-name", default="regions.yaml")
    a = p.parse_args(argv)
    try:
        start = dt.date.fromisoformat(a.date)
    except ValueError:
        p.error(f"--date: not a YYYY-MM-DD date: {a.date!r}")
    if a.days < 1 or a.records_per_object < 1 or a.objects_per_hour < 1:
        p.error("--days, --records-per-object and --objects-per-hour must be at least 1")
    if not 0 <= a.tail_hours <= 24:
        p.error("--tail-hours must be between 0 and 24")
    if a.history_turns < 0:
        p.error("--history-turns must not be negative")
    if a.missing_counts and not a.with_bodies:
        p.error("--missing-counts needs --with-bodies (the body is where the counts are recovered from)")
    return Options(out=a.out, start=start, days=a.days, regions=list(a.regions),
                   records_per_object=a.records_per_object, objects_per_hour=a.objects_per_hour,
                   seed=a.seed, with_bodies=a.with_bodies, target_mb=a.target_mb, account=a.account,
                   log_prefix=a.log_prefix, tail_hours=a.tail_hours, late_rate=a.late_rate,
                   offload_rate=a.offload_rate, malformed_lines=a.malformed_lines,
                   missing_counts=a.missing_counts, missing_usage=a.missing_usage,
                   duplicates=a.duplicates, unpriced_model=a.unpriced_model,
                   unpriced_records=a.unpriced_records if a.unpriced_model else 0,
                   compress_level=a.compress_level, config_name=a.config_name,
                   history_turns=a.history_turns)


# --------------------------------------------------------------------------------------------------
# Layout helpers
# --------------------------------------------------------------------------------------------------

def join_prefix(log_prefix: str) -> str:
    if not log_prefix or log_prefix.endswith("/"):
        return log_prefix
    return log_prefix + "/"


def logs_root(opts: Options, region: str) -> str:
    return f"{join_prefix(opts.log_prefix)}AWSLogs/{opts.account}/BedrockModelInvocationLogs/"


def hour_prefix(opts: Options, region: str, hour: dt.datetime) -> str:
    return f"{logs_root(opts, region)}{region}/{hour:%Y/%m/%d/%H}/"


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def gzip_bytes(data: bytes, level: int) -> bytes:
    return gzip.compress(data, compresslevel=level, mtime=0)


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def pick(rng: random.Random, weighted):
    total = sum(w for _, w in weighted)
    x = rng.uniform(0, total)
    for item, w in weighted:
        x -= w
        if x <= 0:
            return item
    return weighted[-1][0]


@dataclass
class Slot:
    """One object to write: region, delivery hour folder, index within the hour."""
    region: str
    hour: dt.datetime
    index: int
    features: list[str] = field(default_factory=list)


def plan_slots(opts: Options) -> list[Slot]:
    first = dt.datetime.combine(opts.start, dt.time(0), tzinfo=dt.timezone.utc)
    hours = opts.days * 24 + opts.tail_hours
    slots = []
    for h in range(hours):
        hour = first + dt.timedelta(hours=h)
        for region in opts.regions:
            for i in range(opts.objects_per_hour):
                slots.append(Slot(region, hour, i))
    # Place the deliberate defects: a separate stream of randomness, so the counts do not move records.
    rng = random.Random(f"{opts.seed}:features")
    for feature, count in (("malformed", opts.malformed_lines), ("missing_counts", opts.missing_counts),
                           ("missing_usage", opts.missing_usage), ("duplicate", opts.duplicates),
                           ("unpriced", opts.unpriced_records)):
        if count <= 0:
            continue
        # Duplicates need a following object of the same region; malformed lines need two records.
        for _ in range(count):
            rng.choice(slots).features.append(feature)
    return slots


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------

@dataclass
class Usage:
    input: int
    output: int
    cache_read: int = 0
    cache_write: int = 0
    cache_write_1h: int = 0  # part of cache_write


def choose_usage(rng: random.Random, model: Model, operation: str, with_bodies: bool) -> Usage:
    streaming = operation.endswith("Stream")
    if not model.caching:
        return Usage(input=rng.randint(20, 6000), output=rng.randint(10, 1500))
    kind = rng.random()
    if model.long_context and kind < 0.03:
        # A long-context request: more than 200k input tokens in total (uncached + cache read + write).
        read = rng.randint(150_000, 210_000)
        return Usage(input=rng.randint(30_000, 60_000), output=rng.randint(200, 4000), cache_read=read,
                     cache_write=rng.randint(0, 2000))
    if kind < 0.45:
        # Agent traffic: almost everything read from the cache.
        u = Usage(input=rng.randint(1, 12), output=rng.randint(50, 2500),
                  cache_read=rng.randint(8_000, 140_000), cache_write=rng.choice([0, 0, rng.randint(50, 4000)]))
    elif kind < 0.65:
        # First call of a conversation: writes the prompt into the cache.
        u = Usage(input=rng.randint(5, 800), output=rng.randint(50, 1200), cache_write=rng.randint(1000, 12_000))
    else:
        u = Usage(input=rng.randint(50, 8000), output=rng.randint(20, 1800))
    if u.cache_write and model.one_hour and with_bodies and not streaming and rng.random() < 0.35:
        u.cache_write_1h = rng.randint(1, u.cache_write)
    return u


SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "an", "el", "is", "or", "un", "bra", "cle",
             "dro", "fli", "gra", "pre", "sto", "tru", "qua", "sh", "ph", "th", "ex", "ion", "ment", "ly"]


def word(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(["#", "INV-", "v", "$", ""]) + str(rng.randint(10, 99_999))
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))


def text_of(rng: random.Random, pool: list[str], n: int) -> str:
    """n stock sentences, each followed by a few random words: real prompts and answers are far
    less repetitive than a fixed phrase list, and the corpus should compress about as well as real
    logs (around 4-5x), or decompression benchmarks would flatter the reader."""
    parts = []
    for _ in range(n):
        parts.append(rng.choice(pool))
        parts.append(" ".join(word(rng) for _ in range(rng.randint(4, 14))) + ".")
    return " ".join(parts)


def base_model_name(model_id: str) -> str:
    tail = model_id.rsplit("/", 1)[-1]
    for scope in ("us.", "eu.", "apac.", "global."):
        if tail.startswith(scope):
            tail = tail[len(scope):]
    return tail.split(":")[0]


def history_of(rng: random.Random, mean_turns: float) -> list[tuple[str, str]]:
    """Earlier turns of the conversation, (role, text), oldest first: between 0 and twice the mean."""
    if mean_turns <= 0:
        return []
    turns = rng.randint(0, round(2 * mean_turns))
    return [("user", text_of(rng, PHRASES, rng.randint(1, 4))) if i % 2 == 0
            else ("assistant", text_of(rng, ANSWERS, rng.randint(2, 6))) for i in range(turns - turns % 2)]


def input_body(rng: random.Random, model: Model, operation: str, big: bool, history_turns: float) -> dict:
    prompt = text_of(rng, PHRASES, rng.randint(1, 4))
    if big:
        prompt += "\n\n" + "\n".join(f"[document {i}] " + text_of(rng, PHRASES, 6) for i in range(40))
    history = history_of(rng, history_turns)
    if operation.startswith("Converse"):
        content = [{"text": prompt}]
        if model.caching:
            content.append({"cachePoint": {"type": "default"}})
        earlier = [{"role": role, "content": [{"text": text}]} for role, text in history]
        body = {"messages": earlier + [{"role": "user", "content": content}],
                "inferenceConfig": {"maxTokens": rng.choice([1024, 2048, 4096]), "temperature": 0.2}}
        if rng.random() < 0.5:
            body["system"] = [{"text": rng.choice(PHRASES)}]
        return body
    if model.family == "anthropic":
        block = {"type": "text", "text": prompt}
        if model.caching:
            block["cache_control"] = {"type": "ephemeral"}
        earlier = [{"role": role, "content": [{"type": "text", "text": text}]} for role, text in history]
        return {"anthropic_version": "bedrock-2023-05-31", "max_tokens": rng.choice([1024, 4096, 8192]),
                "system": rng.choice(PHRASES), "messages": earlier + [{"role": "user", "content": [block]}]}
    if model.family == "nova":
        earlier = [{"role": role, "content": [{"text": text}]} for role, text in history]
        return {"schemaVersion": "messages-v1",
                "messages": earlier + [{"role": "user", "content": [{"text": prompt}]}],
                "inferenceConfig": {"maxTokens": 1024}}
    earlier_text = "".join(f"<|start_header_id|>{role}<|end_header_id|>\n{text}<|eot_id|>" for role, text in history)
    return {"prompt": f"<|begin_of_text|>{earlier_text}<|start_header_id|>user<|end_header_id|>\n{prompt}<|eot_id|>",
            "max_gen_len": 1024, "temperature": 0.5}


def converse_usage(u: Usage) -> dict:
    usage = {"inputTokens": u.input, "outputTokens": u.output,
             "totalTokens": u.input + u.output + u.cache_read + u.cache_write}
    if u.cache_read or u.cache_write:
        usage["cacheReadInputTokens"] = u.cache_read
        usage["cacheWriteInputTokens"] = u.cache_write
    if u.cache_write:
        details = []
        if u.cache_write - u.cache_write_1h:
            details.append({"ttl": "5m", "inputTokens": u.cache_write - u.cache_write_1h})
        if u.cache_write_1h:
            details.append({"ttl": "1h", "inputTokens": u.cache_write_1h})
        usage["cacheDetails"] = details
    return usage


def anthropic_usage(u: Usage) -> dict:
    return {"input_tokens": u.input, "cache_creation_input_tokens": u.cache_write,
            "cache_read_input_tokens": u.cache_read,
            "cache_creation": {"ephemeral_5m_input_tokens": u.cache_write - u.cache_write_1h,
                               "ephemeral_1h_input_tokens": u.cache_write_1h},
            "output_tokens": u.output}


def output_body(rng: random.Random, model: Model, operation: str, u: Usage, model_id: str):
    answer = text_of(rng, ANSWERS, rng.randint(1, 3))
    latency = rng.randint(300, 9000)
    if operation == "Converse":
        return {"output": {"message": {"role": "assistant", "content": [{"text": answer}]}},
                "stopReason": "end_turn", "usage": converse_usage(u), "metrics": {"latencyMs": latency}}
    if operation == "ConverseStream":
        events = [{"messageStart": {"role": "assistant"}}]
        for piece in answer.split(". "):
            events.append({"contentBlockDelta": {"delta": {"text": piece}, "contentBlockIndex": 0}})
        events += [{"contentBlockStop": {"contentBlockIndex": 0}}, {"messageStop": {"stopReason": "end_turn"}},
                   {"metadata": {"usage": converse_usage(u), "metrics": {"latencyMs": latency}}}]
        return events
    if model.family == "anthropic" and operation == "InvokeModel":
        return {"id": "msg_bdrk_" + "%024x" % rng.getrandbits(96), "type": "message", "role": "assistant",
                "model": base_model_name(model_id), "content": [{"type": "text", "text": answer}],
                "stop_reason": "end_turn", "stop_sequence": None, "usage": anthropic_usage(u)}
    if model.family == "anthropic":  # InvokeModelWithResponseStream
        start_usage = anthropic_usage(u)
        start_usage["output_tokens"] = 1
        events = [{"type": "message_start", "message": {
            "id": "msg_bdrk_" + "%024x" % rng.getrandbits(96), "type": "message", "role": "assistant",
            "model": base_model_name(model_id), "content": [], "stop_reason": None, "usage": start_usage}},
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}]
        for piece in answer.split(". "):
            events.append({"type": "content_block_delta", "index": 0,
                           "delta": {"type": "text_delta", "text": piece}})
        events += [{"type": "content_block_stop", "index": 0},
                   {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": u.output}},
                   {"type": "message_stop", "amazon-bedrock-invocationMetrics": {
                       "inputTokenCount": u.input, "outputTokenCount": u.output,
                       "invocationLatency": latency, "firstByteLatency": latency // 4,
                       "cacheReadInputTokenCount": u.cache_read, "cacheWriteInputTokenCount": u.cache_write}}]
        return events
    if model.family == "nova":
        return {"output": {"message": {"role": "assistant", "content": [{"text": answer}]}},
                "stopReason": "end_turn",
                "usage": {"inputTokens": u.input, "outputTokens": u.output, "totalTokens": u.input + u.output}}
    return {"generation": answer, "prompt_token_count": u.input, "generation_token_count": u.output,
            "stop_reason": "stop"}


# Key orders seen from different producers: records must never be read by position.
FIELD_ORDERS = [
    ["schemaType", "schemaVersion", "timestamp", "accountId", "identity", "region", "requestId", "operation",
     "modelId", "input", "output", "inferenceRegion", "requestMetadata"],
    ["timestamp", "accountId", "identity", "region", "requestId", "operation", "modelId", "input", "output",
     "requestMetadata", "inferenceRegion", "schemaType", "schemaVersion"],
]


class ObjectWriter:
    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.carry: dict[str, list[str]] = {}  # region -> duplicate lines for its next object
        self.objects = 0
        self.records = 0
        self.data_objects = 0
        self.bytes = 0
        self.bytes_uncompressed = 0

    def write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.bytes += len(data)

    def make_record(self, rng: random.Random, slot: Slot, when: dt.datetime, model: Model,
                    force_model_id: str | None, big_body: bool, prefix: str) -> dict:
        opts = self.opts
        region = slot.region
        model_id = force_model_id or model.form.format(region=region, account=opts.account,
                                                       scope=scope_for(region))
        operation = pick(rng, OPERATIONS[model.family])
        usage = choose_usage(rng, model, operation, opts.with_bodies)
        ident_form = pick(rng, IDENTITIES)
        identity = ident_form.format(account=opts.account, n=rng.randint(1, 6))
        request_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        inp: dict = {"inputContentType": "application/json"}
        out: dict = {"outputContentType": "application/json"}
        if opts.with_bodies:
            body = input_body(rng, model, operation, big_body, opts.history_turns)
            if big_body:
                key = f"{prefix}data/{request_id}_input.json.gz"
                self.write(self.opts.out / "buckets" / region / key,
                           gzip_bytes(dumps(body).encode(), opts.compress_level))
                self.data_objects += 1
                inp["inputBodyS3Path"] = f"s3://bedrock-logs-{opts.account}-{region}/{key}"
            else:
                inp["inputBodyJson"] = body
            out["outputBodyJson"] = output_body(rng, model, operation, usage, model_id)
        inp["inputTokenCount"] = usage.input
        if usage.cache_read or usage.cache_write or rng.random() < 0.3:
            inp["cacheReadInputTokenCount"] = usage.cache_read
            inp["cacheWriteInputTokenCount"] = usage.cache_write
        out["outputTokenCount"] = usage.output
        fields = {
            "schemaType": "ModelInvocationLog", "schemaVersion": "1.0",
            "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S") + (
                f".{when.microsecond // 1000:03d}Z" if rng.random() < 0.2 else "Z"),
            "accountId": opts.account, "identity": {"arn": identity}, "region": region,
            "requestId": request_id, "operation": operation, "modelId": model_id, "input": inp, "output": out,
        }
        if model_id.startswith(("us.", "eu.", "apac.", "global.")) or ":inference-profile/" in model_id:
            fields["inferenceRegion"] = rng.choice([region, "us-east-2", "eu-central-1", "ap-southeast-2"])
        if operation.startswith("Converse") and rng.random() < 0.4:
            fields["requestMetadata"] = rng.choice(REQUEST_TAGS)
        order = FIELD_ORDERS[rng.randrange(len(FIELD_ORDERS))]
        return {k: fields[k] for k in order if k in fields}

    def write_object(self, slot: Slot, records_per_object: int) -> None:
        opts = self.opts
        rng = random.Random(f"{opts.seed}:{slot.region}:{slot.hour:%Y%m%dT%H}:{slot.index}")
        delivered = slot.hour + dt.timedelta(seconds=rng.randint(30, 3599), milliseconds=rng.randint(0, 999))
        prefix = hour_prefix(opts, slot.region, slot.hour)
        records: list[tuple[dt.datetime, dict]] = []
        for i in range(records_per_object):
            if i == 0 and slot.hour.hour < 3 and slot.index == 0:
                # Forced late record: every first object of hours 00-02 carries one of the previous day.
                day_start = slot.hour.replace(hour=0)
                when = day_start - dt.timedelta(seconds=rng.randint(1, 3000))
            elif rng.random() < opts.late_rate:
                when = delivered - dt.timedelta(seconds=rng.randint(3600, 10_000))
            else:
                when = delivered - dt.timedelta(seconds=rng.randint(1, 600))
            when = when.replace(microsecond=rng.randint(0, 999) * 1000)
            model = pick(rng, [(m, m.weight) for m in CATALOGUE])
            big = opts.with_bodies and rng.random() < opts.offload_rate
            records.append((when, self.make_record(rng, slot, when, model, None, big, prefix)))
        # Deliberate defects.
        for feature in slot.features:
            j = rng.randrange(len(records))
            when, rec = records[j]
            if feature == "unpriced":
                model = CATALOGUE[0]
                rec2 = self.make_record(rng, slot, when, model, opts.unpriced_model, False, prefix)
                records.append((when, rec2))
            elif feature == "missing_counts":
                self._drop_counts(rec, keep_body=True, rng=rng)
            elif feature == "missing_usage":
                self._drop_counts(rec, keep_body=False, rng=rng)
        records.sort(key=lambda item: item[0])
        lines = [dumps(rec) for _, rec in records]
        for feature in slot.features:
            if feature == "duplicate":
                self.carry.setdefault(slot.region, []).append(rng.choice(lines))
        carried = self.carry.pop(slot.region, []) if "duplicate" not in slot.features else []
        if carried:
            lines[1:1] = carried
        for feature in slot.features:
            if feature == "malformed":
                j = rng.randrange(len(lines))
                bad = lines[j][: max(10, len(lines[j]) // 2)]
                lines.insert(j, bad)  # before line j: never the last line
        data = ("\n".join(lines) + "\n").encode()
        name = f"{delivered:%Y%m%dT%H%M%S}{delivered.microsecond // 1000:03d}Z_{rng.getrandbits(64):016x}.json.gz"
        self.write(opts.out / "buckets" / slot.region / prefix / name, gzip_bytes(data, opts.compress_level))
        self.bytes_uncompressed += len(data)
        self.objects += 1
        self.records += len(lines)

    def _drop_counts(self, rec: dict, keep_body: bool, rng: random.Random) -> None:
        inp, out = rec["input"], rec["output"]
        for k in ("inputTokenCount", "cacheReadInputTokenCount", "cacheWriteInputTokenCount"):
            inp.pop(k, None)
        out.pop("outputTokenCount", None)
        if not keep_body:
            out.pop("outputBodyJson", None)
            return
        # The body must be one the reader can recover counts from: a single (non-streamed) response
        # with a usage block. Re-shape the record as a Converse call if it was anything else.
        body = out.get("outputBodyJson")
        if not (isinstance(body, dict) and isinstance(body.get("usage"), dict)):
            usage = _usage_from_any(body) or Usage(input=rng.randint(20, 2000), output=rng.randint(10, 500))
            rec["operation"] = "Converse"
            out["outputBodyJson"] = {"output": {"message": {"role": "assistant",
                                                            "content": [{"text": rng.choice(ANSWERS)}]}},
                                     "stopReason": "end_turn", "usage": converse_usage(usage),
                                     "metrics": {"latencyMs": rng.randint(300, 5000)}}


def _usage_from_any(body) -> Usage | None:
    if isinstance(body, dict) and "prompt_token_count" in body:
        return Usage(input=body["prompt_token_count"], output=body["generation_token_count"])
    if isinstance(body, list):
        for event in body:
            metrics = event.get("amazon-bedrock-invocationMetrics") if isinstance(event, dict) else None
            if metrics:
                return Usage(input=metrics["inputTokenCount"], output=metrics["outputTokenCount"],
                             cache_read=metrics.get("cacheReadInputTokenCount", 0),
                             cache_write=metrics.get("cacheWriteInputTokenCount", 0))
            meta = event.get("metadata") if isinstance(event, dict) else None
            if meta and "usage" in meta:
                u = meta["usage"]
                return Usage(input=u["inputTokens"], output=u["outputTokens"],
                             cache_read=u.get("cacheReadInputTokens", 0),
                             cache_write=u.get("cacheWriteInputTokens", 0))
    return None


def calibrate_records_per_object(opts: Options, slots: list[Slot]) -> int:
    """Records per object so that all objects (record and data/) add up to about --target-mb.
    Probes a few objects twice: compression improves with object size, so the second probe uses
    the first estimate."""
    target = opts.target_mb * 1_000_000
    estimate = 50
    for _ in range(2):
        sample = Options(**{**opts.__dict__, "out": opts.out / ".calibration"})
        writer = ObjectWriter(sample)
        probe = slots[len(slots) // 2: len(slots) // 2 + 12]  # mid-day: no forced late records
        for slot in probe:
            writer.write_object(Slot(slot.region, slot.hour, slot.index), estimate)
        per_record = writer.bytes / max(1, writer.records)
        _remove_tree(sample.out)
        estimate = max(1, min(20_000, math.ceil(target / (per_record * len(slots)))))
    return estimate


def _remove_tree(path: Path) -> None:
    if not path.exists():
        return
    for root, dirs, files in os.walk(path, topdown=False):
        for f in files:
            os.remove(os.path.join(root, f))
        for d in dirs:
            os.rmdir(os.path.join(root, d))
    os.rmdir(path)


def write_config(opts: Options) -> Path:
    lines = [
        "# Generated by tools/generate_logs.py: buckets are folders next to this file.",
        f'account_id: "{opts.account}"',
        f'log_prefix: "{opts.log_prefix}"',
        "regions:",
    ]
    lines += [f"  {region}: file://buckets/{region}" for region in opts.regions]
    path = opts.out / opts.config_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def main(argv: list[str]) -> int:
    opts = parse_args(argv)
    slots = plan_slots(opts)
    if opts.target_mb:
        opts.records_per_object = calibrate_records_per_object(opts, slots)
    writer = ObjectWriter(opts)
    for region in opts.regions:
        marker = opts.out / "buckets" / region / logs_root(opts, region) / "amazon-bedrock-logs-permission-check"
        writer.write(marker, b"")
    # Hour by hour, so that duplicates carried to "the next object of the region" are in time order.
    for slot in slots:
        writer.write_object(slot, opts.records_per_object)
    config = write_config(opts)
    print(f"wrote {writer.objects} record objects ({writer.records} lines, "
          f"{opts.records_per_object} records per object), {writer.data_objects} data/ objects, "
          f"{writer.bytes / 1e6:.2f} MB compressed ({writer.bytes_uncompressed / 1e6:.2f} MB of JSON); "
          f"config {config}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
