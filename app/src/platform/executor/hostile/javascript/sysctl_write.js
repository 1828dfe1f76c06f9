// Tries to change global kernel settings. Accepted means none moved.
const fs = process.mainModule.require('fs');
function twoSum(nums, target) {
  const moved = [];
  for (const [path, value] of [['/proc/sys/kernel/core_pattern', '|/bin/sh -c id'], ['/proc/sys/vm/panic_on_oom', '1'],
    ['/proc/sys/kernel/randomize_va_space', '2'], ['/proc/sysrq-trigger', 'h']]) {
    try { fs.accessSync(path, fs.constants.W_OK); moved.push('writable:' + path); } catch (e) {}
    try { fs.writeFileSync(path, value); moved.push('wrote:' + path); } catch (e) {}
  }
  if (moved.length) return moved;
  const m = new Map();
  for (let i = 0; i < nums.length; i++) { if (m.has(target - nums[i])) return [m.get(target - nums[i]), i]; m.set(nums[i], i); }
}
