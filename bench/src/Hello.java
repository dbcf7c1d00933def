/** The trivial main whose start-up the agent must not slow down noticeably. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
