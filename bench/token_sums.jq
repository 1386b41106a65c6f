# make bench: the `zcat | jq` comparison. Sums the token fields of every record
# on stdin (JSON Lines), with no day filter, like bench/python_baseline.py.
# Run as: zcat FILE... | jq -n -c -f bench/token_sums.jq
reduce inputs as $r ({records: 0, input: 0, output: 0, cache_read: 0, cache_write: 0};
  .records += 1
  | .input += ($r.input.inputTokenCount // 0)
  | .output += ($r.output.outputTokenCount // 0)
  | .cache_read += ($r.input.cacheReadInputTokenCount // 0)
  | .cache_write += ($r.input.cacheWriteInputTokenCount // 0))
