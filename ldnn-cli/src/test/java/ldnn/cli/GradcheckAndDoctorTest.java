package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `gradcheck <spec>` checks a whole model; `doctor` gives the full report and applies the counting rule. */
class GradcheckAndDoctorTest {
    @TempDir
    Path tmp;

    @Test
    void gradcheckOfASpecChecksEveryParameterTensor() {
        Cli.Result r = Cli.run("gradcheck", "conv(2,3) pool(2) dense(8) dropout(0.5) dense(3)", "--input-shape", "1,6,6");
        assertEquals(0, r.code(), r.toString());
        for (String t : new String[] {"0.weight", "0.bias", "4.weight", "7.bias", "passed"}) {
            assertTrue(r.out().contains(t), t + " in\n" + r.out());
        }
        Cli.Result wrong = Cli.run("gradcheck", "dense(4) dense(3)", "--input-shape", "5", "--classes", "10");
        assertNotEquals(0, wrong.code());
        assertTrue(wrong.err().contains("dense(10)"), wrong.err());
    }

    @Test
    void gradcheckOfARecurrentSpec() {
        Cli.Result r = Cli.run("gradcheck", "embed(4) lstm(6,stateful=true) dense(5)", "--input-shape", "7", "--vocab", "5");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("passed"), r.out());
    }

    @Test
    void doctorReportsLabelsAndTheCountingRuleForAModel() throws Exception {
        Path csv = TestData.csv(tmp, 200);
        Cli.Result r = Cli.run("doctor", csv.toString(), "--model", "mlp");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("[labels] 3 classes"), r.out());
        assertTrue(r.out().contains("warning [counting] model has 1.1M parameters; 180 training cases"), r.out());
    }
}
