def daily_temperatures(temperatures):
    answer = [0] * len(temperatures)
    stack = []  # indices of days still waiting for a warmer day, temperatures non-increasing
    for i, temp in enumerate(temperatures):
        while stack and temperatures[stack[-1]] < temp:
            j = stack.pop()
            answer[j] = i - j
        stack.append(i)
    return answer
