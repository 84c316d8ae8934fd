-- fieldOf(reply, name): the value after name in a flat reply such as XINFO's, or nil.
local function fieldOf(reply, name)
  for i = 1, #reply, 2 do
    if reply[i] == name then return reply[i + 1] end
  end
  return nil
end
