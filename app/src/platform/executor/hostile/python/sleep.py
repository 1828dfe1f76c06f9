import time
def two_sum(nums, target):
    time.sleep(3600)
