import AdvisorCEL
