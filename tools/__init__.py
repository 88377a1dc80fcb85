"""Operations and measuring tools: backup/restore, generated articles, benchmarks."""
