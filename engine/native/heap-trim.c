/*
 * glibc's allocator, tamed for a run's memory peak (engine/heap.ts says when each is called).
 *
 * Node has no JavaScript call for either of these, and both matter here: glibc raises its mmap
 * threshold each time a large block is freed (up to 32 MiB), after which every buffer below that
 * size is carved from an arena, and an arena gives memory back only from its top and only past a
 * trim threshold that rose with it. Over a replay the main thread's arena and every finished
 * thread's arena keep tens of MiB that nothing uses.
 *
 *   pinThresholds(bytes)  mallopt(M_MMAP_THRESHOLD, bytes): blocks of that size and more are
 *                         mapped on their own and unmapped when freed, and the thresholds no
 *                         longer move (which also keeps the trim threshold at its 128 KiB default)
 *   trim()                malloc_trim(0): every arena's free pages back to the system
 *
 * Both return whether glibc did something; on any other C library they do nothing and return false.
 */

#include <node_api.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static napi_value boolean(napi_env env, int value) {
  napi_value result;
  napi_get_boolean(env, value != 0, &result);
  return result;
}

static napi_value pin_thresholds(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t bytes = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_get_value_int64(env, argv[0], &bytes) != napi_ok || bytes <= 0 || bytes > (1 << 30)) {
    napi_throw_range_error(env, NULL, "pinThresholds(bytes): bytes is an integer from 1 to 2^30");
    return NULL;
  }
#ifdef __GLIBC__
  return boolean(env, mallopt(M_MMAP_THRESHOLD, (int)bytes));
#else
  return boolean(env, 0);
#endif
}

static napi_value trim(napi_env env, napi_callback_info info) {
  (void)info;
#ifdef __GLIBC__
  return boolean(env, malloc_trim(0));
#else
  return boolean(env, 0);
#endif
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor fns[] = {
    { "pinThresholds", NULL, pin_thresholds, NULL, NULL, NULL, napi_default, NULL },
    { "trim", NULL, trim, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
