"""The public HTTP API: dependencies, problems, limits, routes and schemas."""
