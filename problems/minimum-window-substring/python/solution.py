def min_window(s, t):
    need = {}
    for ch in t:
        need[ch] = need.get(ch, 0) + 1
    missing = len(t)  # characters of t not yet covered by the window
    best_start, best_len = 0, len(s) + 1
    left = 0
    for right, ch in enumerate(s):
        if need.get(ch, 0) > 0:
            missing -= 1
        need[ch] = need.get(ch, 0) - 1
        if missing == 0:
            # Shrink from the left while the window still covers t.
            while need[s[left]] < 0:
                need[s[left]] += 1
                left += 1
            if right - left + 1 < best_len:
                best_start, best_len = left, right - left + 1
            # Give up the leftmost needed character and keep looking.
            need[s[left]] += 1
            missing += 1
            left += 1
    return s[best_start:best_start + best_len] if best_len <= len(s) else ""
