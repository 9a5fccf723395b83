package ldnn.nn;

import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * A table of vectors looked up by integer id. The input is a float tensor of ids (exact up to 2^24),
 * so an Embedding can sit first in a Sequential; output [..., dim].
 */
public final class Embedding extends Module {
    private final int vocab, dim;
    private final Tensor table;

    /** A table of {@code vocab} vectors of size {@code dim}. */
    public Embedding(int vocab, int dim) {
        if (vocab < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding: vocab and dim must be >= 1, got " + vocab + ", " + dim);
        }
        this.vocab = vocab;
        this.dim = dim;
        table = param("weight", Tensor.zeros(vocab, dim));
        resetParameters(Init.defaults(), new Rng(0));
    }

    /** An input is a one-hot vector, so fan-in is 1: scaled(s) gives N(0, s²) entries (PyTorch's N(0,1) at s=1). */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        assign(table, init.withGain(1).sample(rng, 1, vocab, dim));
    }

    @Override
    public Tensor forward(Tensor ids) {
        float[] f = ids.toArray();
        int[] ix = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            ix[i] = (int) f[i];
            if (ix[i] != f[i] || ix[i] < 0 || ix[i] >= vocab) {
                throw new IllegalArgumentException("Embedding(" + vocab + "): input " + i + " is " + f[i]
                        + ", expected an integer id in [0, " + vocab + ")");
            }
        }
        return table.embedding(new IntTensor(ix, ids.shape()));
    }

    /** The number of ids the table has a vector for. */
    public int vocab() {
        return vocab;
    }

    /** The size of each vector. */
    public int dim() {
        return dim;
    }

    @Override
    public String spec() {
        return "embed(" + dim + ")";
    }
}
