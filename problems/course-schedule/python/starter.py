def can_finish(num_courses, prerequisites):
    """Return True if all courses can be completed, False otherwise.

    num_courses: number of courses, labelled 0 .. num_courses - 1.
    prerequisites: a list of pairs [a, b] meaning course b must be completed before course a.
    Returns a bool.
    """
    pass
