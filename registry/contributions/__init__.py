"""What intellectuals contribute and how the locality works with them: research tasks, initiatives,
awards, publications, councils and forums, attraction cases, overseas and foreign cooperation."""
