-- Helpers for scripts that read tom:failed_commands (fleet/BoundedEntries): ARGV[1] to ARGV[7]
-- are the cut's limits, the byte budget of a run and the size past which an entry is oversized.
-- cut(entries) cuts every field to its bound in place (entries without fields, trimmed, are kept)
-- and notes each oversized entry; oversized() lists those as {id, bytes, ...}; entryBytes(entry)
-- counts an entry's raw bytes; collect(count, readOne) reads an entry per call until count, the
-- budget or the source runs out.
local cutDefault = tonumber(ARGV[1])
local cutLimits = {[ARGV[2]] = tonumber(ARGV[3]), [ARGV[4]] = tonumber(ARGV[5])}
local cutBudget = tonumber(ARGV[6])
local oversizedBytes = tonumber(ARGV[7])
local function entryBytes(entry)
  local n = #entry[1]
  if entry[2] then
    for _, value in ipairs(entry[2]) do n = n + #value end
  end
  return n
end
local oversizedSeen = {}
local function cut(entries)
  for _, entry in ipairs(entries) do
    local fields = entry[2]
    if fields then
      local bytes = entryBytes(entry)
      if bytes > oversizedBytes then
        oversizedSeen[#oversizedSeen + 1] = entry[1]
        oversizedSeen[#oversizedSeen + 1] = bytes
      end
      for i = 2, #fields, 2 do
        local max = cutLimits[fields[i - 1]] or cutDefault
        if #fields[i] > max then fields[i] = string.sub(fields[i], 1, max) end
      end
    end
  end
  return entries
end
local function oversized() return oversizedSeen end
-- readOne() gives the next entry or nil; returns the entries, true when the source ran out, and
-- the raw bytes read
local function collect(count, readOne)
  local out, bytes = {}, 0
  while #out < count and bytes < cutBudget do
    local entry = readOne()
    if not entry then return out, true, bytes end
    bytes = bytes + entryBytes(entry)
    out[#out + 1] = entry
  end
  return out, false, bytes
end
