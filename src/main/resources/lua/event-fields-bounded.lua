-- boundFields(entries, max): empties in place every field value of the entries longer than max
-- bytes, so that an oversized event is read as malformed (skipped, counted) instead of carried
-- whole to the controller and into the series (history/HistoryScripts).
local function boundFields(entries, max)
  for _, entry in ipairs(entries) do
    local fields = entry[2]
    if fields then
      for i = 2, #fields, 2 do
        if #fields[i] > max then fields[i] = '' end
      end
    end
  end
  return entries
end
