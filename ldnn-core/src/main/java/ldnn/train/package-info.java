/**
 * The recipe trainer ({@link ldnn.train.Trainer}) and what it checks while training: the plateau LR
 * schedule, the update/weight ratio, gradient clipping, the divergence guard, the off-the-ground retry
 * and the end-of-run {@link ldnn.train.RecipeChecklist}; checkpoints and run folders; ensembles.
 */
package ldnn.train;
