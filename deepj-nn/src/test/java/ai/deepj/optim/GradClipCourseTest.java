package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GradClip#clip(Map, double)}, the course's {@code clip(gradients, maxValue)}, on the
 * course's own example: {@code np.random.seed(3)}, the gradients {@code randn(...) * 10} of shapes
 * dWax (5, 3), dWaa (5, 5), dWya (2, 5), db (5, 1), dby (2, 1) (values printed by numpy 2.4 below),
 * clipped at 10; the course prints dWaa[1][2] = 10.0, dWax[3][1] = -10.0, dWya[1][2] = 0.29713815361,
 * db[4] = [10.], dby[1] = [8.45833407].
 */
class GradClipCourseTest {
    @Test
    void clipReproducesTheCoursesExample() {
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        gradients.put("dWax", Tensor.of(new double[] {17.886284734303185, 4.365098505119894, 0.9649746807200863, -18.634927033644907,
            -2.7738820251439904, -3.5475897926898674, -0.8274148148245977, -6.270006768238473, -0.4381816897592824, -4.772180303595027,
            -13.138647533626822, 8.846223804995846, 8.813180422075298, 17.095730636529485, 0.5003364217686022}, 5, 3));
        gradients.put("dWaa", Tensor.of(new double[] {-4.046774146008908, -5.453599476195304, -15.464773155829683, 9.8236743425816,
            -11.010676301114756, -11.85046527020173, -2.056498994225411, 14.861483550745902, 2.3671626722691235, -10.237851399264681,
            -7.129932001120494, 6.252449661628293, -1.605133631869239, -7.6883635031923, -2.3003072227793906, 7.450562664053708,
            19.761107831263026, -12.44123328955937, -6.2641691118836915, -8.037660945765765, -24.190831731786698, -9.237920216957885,
            -10.238757608428378, 11.239779589574683, -1.3191423280090089}, 5, 5));
        gradients.put("dWya", Tensor.of(new double[] {-16.232854458352474, 6.466754522701722, -3.5627075944674487, -17.43141036953459,
            -5.966496416841992, -5.8859437968824295, -8.738822977622995, 0.2971381536101662, -22.48257767576606, -2.677618648460562}, 2, 5));
        gradients.put("db", Tensor.of(new double[] {10.131834418864944, 8.527978409541495, 11.081874999349925, 11.193906553188915,
            14.875431319925397}, 5, 1));
        gradients.put("dby", Tensor.of(new double[] {-11.18300684400365, 8.45833407057182}, 2, 1));
        Tensor dWaa = gradients.get("dWaa");

        Map<String, Tensor> clipped = GradClip.clip(gradients, 10);

        assertSame(gradients, clipped);
        assertSame(dWaa, clipped.get("dWaa"), "clipped in place");
        assertEquals(10.0, clipped.get("dWaa").get(1, 2));
        assertEquals(-10.0, clipped.get("dWax").get(3, 1));
        assertEquals(0.2971381536101662, clipped.get("dWya").get(1, 2));
        assertEquals(10.0, clipped.get("db").get(4, 0));
        assertEquals(8.45833407057182, clipped.get("dby").get(1, 0));
        for (Tensor g : clipped.values()) assertTrue(g.abs().max().item() <= 10);
    }

    @Test
    void nanStaysNanAndMistakesAreNamed() {
        Tensor g = Tensor.of(new double[] {Double.NaN, -7, 7}, 3);
        GradClip.clip(Map.of("g", g), 5);
        assertTrue(Double.isNaN(g.get(0)));
        assertEquals(-5.0, g.get(1));
        assertEquals(5.0, g.get(2));
        assertEquals("GradClip.clip: maxValue must be finite and >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> GradClip.clip(Map.of("g", g), -1)).getMessage());
        assertEquals("GradClip.clip: gradient 'n' must be floating-point, got int32",
                assertThrows(IllegalArgumentException.class, () -> GradClip.clip(Map.of("n", Tensor.arange(3)), 1)).getMessage());
    }
}
