-- Helpers for scripts that read tom:failed_commands (fleet/BoundedEntries): ARGV[1] to ARGV[6]
-- are the cut's limits and byte budget. cut(entries) cuts every field to its bound in place
-- (entries without fields, trimmed, are kept); entryBytes(entry) counts an entry's raw bytes;
-- collect(count, readOne) reads an entry per call until count, the budget or the source runs out.
local cutDefault = tonumber(ARGV[1])
local cutLimits = {[ARGV[2]] = tonumber(ARGV[3]), [ARGV[4]] = tonumber(ARGV[5])}
local function cut(entries)
  for _, entry in ipairs(entries) do
    local fields = entry[2]
    if fields then
      for i = 2, #fields, 2 do
        local max = cutLimits[fields[i - 1]] or cutDefault
        if #fields[i] > max then fields[i] = string.sub(fields[i], 1, max) end
      end
    end
  end
  return entries
end
local cutBudget = tonumber(ARGV[6])
local function entryBytes(entry)
  local n = #entry[1]
  if entry[2] then
    for _, value in ipairs(entry[2]) do n = n + #value end
  end
  return n
end
-- readOne() gives the next entry or nil; returns the entries and true when the source ran out
local function collect(count, readOne)
  local out, bytes = {}, 0
  while #out < count and bytes < cutBudget do
    local entry = readOne()
    if not entry then return out, true end
    bytes = bytes + entryBytes(entry)
    out[#out + 1] = entry
  end
  return out, false
end
