/* igraph's side of bench/analyze_bench.sh: one whole process that reads an
 * edge list, simplifies it (kith drops self loops and merges repeats while
 * building, so igraph must do the same work), computes one metric and writes
 * one "name,value" line a node to standard output, as `kith analyze` writes
 * one JSON object a node.
 *
 *   igraph_analyze ncol|edgelist pagerank|core|components|clustering FILE
 *
 * ncol (igraph_read_graph_ncol, names on) is the like-for-like reader: ids are
 * arbitrary text mapped to vertices in order of first appearance and kept as
 * names for the output, which is what kith does. edgelist
 * (igraph_read_graph_edgelist) is igraph's fastest reader, but only for ids
 * that are already vertex numbers 0..n-1; it is measured as a lower bound. */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char* what) {
  fprintf(stderr, "igraph_analyze: %s\n", what);
  exit(2);
}

static void read_graph(igraph_t* g, const char* reader, const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) die("cannot open the input");
  igraph_error_t rc;
  if (strcmp(reader, "ncol") == 0)
    rc = igraph_read_graph_ncol(g, f, NULL, 1, IGRAPH_ADD_WEIGHTS_NO, IGRAPH_UNDIRECTED);
  else if (strcmp(reader, "edgelist") == 0)
    rc = igraph_read_graph_edgelist(g, f, 0, IGRAPH_UNDIRECTED);
  else
    die("reader must be ncol or edgelist");
  fclose(f);
  if (rc != IGRAPH_SUCCESS) die("cannot read the input");
  if (igraph_simplify(g, 1, 1, NULL) != IGRAPH_SUCCESS) die("cannot simplify");
}

/* Vertex names when the reader kept them, else the vertex number. */
static void write_values(const igraph_t* g, const igraph_vector_t* values) {
  const igraph_integer_t n = igraph_vcount(g);
  const int named = igraph_cattribute_has_attr(g, IGRAPH_ATTRIBUTE_VERTEX, "name");
  for (igraph_integer_t v = 0; v < n; ++v) {
    if (named)
      printf("%s,%.17g\n", VAS(g, "name", v), VECTOR(*values)[v]);
    else
      printf("%" IGRAPH_PRId ",%.17g\n", v, VECTOR(*values)[v]);
  }
}

static void int_to_real(const igraph_vector_int_t* in, igraph_vector_t* out) {
  igraph_vector_resize(out, igraph_vector_int_size(in));
  for (igraph_integer_t i = 0; i < igraph_vector_int_size(in); ++i) VECTOR(*out)[i] = (igraph_real_t)VECTOR(*in)[i];
}

int main(int argc, char** argv) {
  if (argc != 4) die("usage: igraph_analyze ncol|edgelist pagerank|core|components|clustering FILE");
  igraph_set_attribute_table(&igraph_cattribute_table);
  igraph_t g;
  read_graph(&g, argv[1], argv[3]);
  const char* metric = argv[2];
  igraph_vector_t values;
  igraph_vector_init(&values, 0);
  igraph_vector_int_t ints;
  igraph_vector_int_init(&ints, 0);
  if (strcmp(metric, "pagerank") == 0) {
    igraph_real_t value;
    igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &values, &value, igraph_vss_all(), 0, 0.85, NULL, NULL);
  } else if (strcmp(metric, "core") == 0) {
    igraph_coreness(&g, &ints, IGRAPH_ALL);
    int_to_real(&ints, &values);
  } else if (strcmp(metric, "components") == 0) {
    igraph_integer_t count;
    igraph_connected_components(&g, &ints, NULL, &count, IGRAPH_WEAK);
    int_to_real(&ints, &values);
  } else if (strcmp(metric, "clustering") == 0) {
    igraph_transitivity_local_undirected(&g, &values, igraph_vss_all(), IGRAPH_TRANSITIVITY_ZERO);
  } else {
    die("metric must be pagerank, core, components or clustering");
  }
  write_values(&g, &values);
  igraph_vector_int_destroy(&ints);
  igraph_vector_destroy(&values);
  igraph_destroy(&g);
  return 0;
}
