def product_except_self(nums):
    n = len(nums)
    answer = [1] * n
    left = 1
    for i in range(n):
        answer[i] = left  # product of nums[:i]
        left *= nums[i]
    right = 1
    for i in range(n - 1, -1, -1):
        answer[i] *= right  # times the product of nums[i + 1:]
        right *= nums[i]
    return answer
