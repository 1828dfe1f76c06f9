def two_sum(nums, target):
    while True:
        print("x" * 1000)
