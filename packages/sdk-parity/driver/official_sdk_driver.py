"""Drives Snowflake's official Python SDK (snowpipe-streaming) through one scenario.

Written from the SDK's documented API (its docstrings and README): open a channel, append rows
with offset tokens, wait for the commit, read the channel status, close. The SDK logs to
stdout, so results go to the JSON file named by the scenario, one object per step.

Usage: python official_sdk_driver.py SCENARIO.json
"""

import json
import sys
import traceback

from snowflake.ingest.streaming import StreamingIngestClient


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        scenario = json.load(f)
    steps = []

    def step(name, **fields):
        steps.append({"step": name, **fields})
        with open(scenario["resultPath"], "w", encoding="utf-8") as out:
            json.dump(steps, out)

    try:
        client = StreamingIngestClient(
            scenario["clientName"],
            scenario["database"],
            scenario["schema"],
            scenario["pipe"],
            profile_json=scenario["profilePath"],
        )
        step("client")
        channel, status = client.open_channel(scenario["channel"])
        step("open", status=status.status_code, committed=status.latest_committed_offset_token)
        rows = scenario["rows"]
        singles = scenario["singleRows"]
        for i in range(singles):
            channel.append_row(rows[i], str(i + 1))
        channel.append_rows(rows[singles:], str(singles + 1), str(len(rows)))
        step("append", rows=len(rows))
        last = str(len(rows))
        channel.wait_for_commit(
            lambda token: token is not None and int(token) >= int(last),
            timeout_seconds=scenario["commitTimeoutS"],
        )
        # One more row after the commit: its append must carry the x-snowflake-session the
        # previous append's reply set, if the SDK echoes it.
        late = scenario["lateRow"]
        channel.append_row(late, str(len(rows) + 1))
        last = str(len(rows) + 1)
        channel.wait_for_commit(
            lambda token: token is not None and int(token) >= int(last),
            timeout_seconds=scenario["commitTimeoutS"],
        )
        step("commit", committed=channel.get_latest_committed_offset_token())
        status = channel.get_channel_status()
        step(
            "status",
            status=status.status_code,
            committed=status.latest_committed_offset_token,
            rowsInserted=status.rows_inserted_count,
            rowsParsed=status.rows_parsed_count,
            rowsErrors=status.rows_error_count,
        )
        channel.close()
        step("close-channel")
        client.close()
        step("close-client")
        return 0
    except Exception as error:  # report any SDK failure to the test, which fails loudly
        step("error", type=type(error).__name__, message=str(error), trace=traceback.format_exc())
        return 1


if __name__ == "__main__":
    sys.exit(main())
