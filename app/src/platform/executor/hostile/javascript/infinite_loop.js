function twoSum(nums, target) { for (;;) {} }
