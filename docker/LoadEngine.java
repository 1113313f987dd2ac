/**
 * Build-time step of docker/Dockerfile, run with the application jar and Spark's jars on the class
 * path: loads DJL's PyTorch engine once, offline (DJL_OFFLINE=true), so that libtorch's natives
 * are unpacked from the jar into DJL_CACHE_DIR inside the image. Executors then find them there
 * and neither unpack nor download anything. Prints the engine version and the libtorch folder.
 */
public class LoadEngine {
    public static void main(String[] args) {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        System.out.println("PyTorch " + engine.getVersion() + " (DJL " + ai.djl.engine.Engine.getDjlVersion()
                + ") unpacked in " + ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
    }
}
