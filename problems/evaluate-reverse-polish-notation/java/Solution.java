import java.util.*;

class Solution {
    public int evalRpn(String[] tokens) {
        Deque<Integer> stack = new ArrayDeque<>();
        for (String tok : tokens) {
            switch (tok) {
                case "+": stack.push(stack.pop() + stack.pop()); break;
                case "*": stack.push(stack.pop() * stack.pop()); break;
                case "-": {
                    int b = stack.pop(), a = stack.pop();
                    stack.push(a - b);
                    break;
                }
                case "/": {
                    int b = stack.pop(), a = stack.pop();
                    stack.push(a / b); // Java's integer division truncates toward zero
                    break;
                }
                default: stack.push(Integer.parseInt(tok));
            }
        }
        return stack.pop();
    }
}
