{
  "targets": [
    {
      "target_name": "heap_trim",
      "sources": ["heap-trim.c"]
    }
  ]
}
