"""Background jobs: their records, the API that shows them, and the runner (heron/jobs/runner.py).

What other domains use: ``job_task`` (declare a kind of job), ``JobRun`` (what its function
gets), ``JobFailed`` / ``OutsideFailure`` (how it fails), ``JobService.start`` (start one from a
request). Import them from their modules (``heron.jobs.runner``, ``heron.jobs.service``).
"""
