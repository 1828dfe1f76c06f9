/**
 * Return an array whose i-th entry is the number of days after day i until a strictly warmer
 * day, or 0 if no later day is warmer.
 * @param {number[]} temperatures a non-empty array of integers between 30 and 100
 * @return {number[]}
 */
function dailyTemperatures(temperatures) {
  return [];
}
