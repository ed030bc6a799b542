package ai.deepj.data;

import ai.deepj.tensor.DType;

/**
 * The element types binary array files (IDX, NPY) store, with their size in bytes and the tensor
 * type they are read as: integers and booleans as int32 (wider values must fit), half and single
 * floats as float32, doubles as float64.
 */
enum ElementType {
    BOOL("bool", 1, DType.INT32),
    INT8("int8", 1, DType.INT32),
    UINT8("uint8", 1, DType.INT32),
    INT16("int16", 2, DType.INT32),
    UINT16("uint16", 2, DType.INT32),
    INT32("int32", 4, DType.INT32),
    UINT32("uint32", 4, DType.INT32),
    INT64("int64", 8, DType.INT32),
    UINT64("uint64", 8, DType.INT32),
    FLOAT16("float16", 2, DType.FLOAT32),
    FLOAT32("float32", 4, DType.FLOAT32),
    FLOAT64("float64", 8, DType.FLOAT64);

    final String label;
    final int size;
    final DType natural;

    ElementType(String label, int size, DType natural) {
        this.label = label;
        this.size = size;
        this.natural = natural;
    }

    /** Whether every value of this type fits int32 without a check. */
    boolean alwaysFitsInt32() {
        return this != UINT32 && this != INT64 && this != UINT64;
    }

    @Override
    public String toString() {
        return label;
    }
}
